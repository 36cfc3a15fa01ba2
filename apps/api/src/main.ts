import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { CHORUS_CONFIG, type ChorusConfig, RedactingLogger } from '@chorus/config';
import helmet from 'helmet';
import { AccessControl } from './access/access-control';
import { AppModule } from './app.module';
import { ApiMetrics } from './metrics/api-metrics';
import { sanitizeJsonBody } from './input/json-body-sanitizer';
import { bodyParserErrors } from './problem/body-parser-errors';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: new RedactingLogger(),
  });
  const config = app.get<ChorusConfig>(CHORUS_CONFIG);
  app.set('trust proxy', config.security.trustProxy);
  app.use(app.get(ApiMetrics).middleware);
  app.use(helmet());
  // Browsers may call from the listed origins only; with none listed, no CORS headers at all.
  if (config.security.corsOrigins.length > 0)
    app.enableCors({
      origin: config.security.corsOrigins,
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-api-key'],
      exposedHeaders: ['location', 'retry-after', 'idempotent-replayed'],
      maxAge: 600,
    });
  // Keys and rate limits before any body is read.
  app.use(app.get(AccessControl).middleware);
  // A document of the maximum size, even if every character needs a \uXXXX escape, plus options.
  const limit = config.pipeline.maxDocumentChars * 6 + 1024 * 1024;
  app.use(json({ limit, type: ['application/json', 'application/*+json'] }));
  app.use(bodyParserErrors);
  app.use(sanitizeJsonBody);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  const server = await app.listen(config.api.port, config.api.host);
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
}

void bootstrap();
