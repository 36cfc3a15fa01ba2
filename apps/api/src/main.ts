import 'reflect-metadata';
import { ConsoleLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { CHORUS_CONFIG, type ChorusConfig } from '@chorus/config';
import { AppModule } from './app.module';
import { bodyParserErrors } from './problem/body-parser-errors';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: new ConsoleLogger({ json: true }),
  });
  const config = app.get<ChorusConfig>(CHORUS_CONFIG);
  // A document of the maximum size, even if every character needs a \uXXXX escape, plus options.
  const limit = config.pipeline.maxDocumentChars * 6 + 1024 * 1024;
  app.use(json({ limit, type: ['application/json', 'application/*+json'] }));
  app.use(bodyParserErrors);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  const server = await app.listen(config.api.port, config.api.host);
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
}

void bootstrap();
