import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CHORUS_CONFIG, type ChorusConfig } from '@chorus/config';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: new ConsoleLogger({ json: true }) });
  app.enableShutdownHooks();
  const config = app.get<ChorusConfig>(CHORUS_CONFIG);
  await app.listen(config.api.port, config.api.host);
}

void bootstrap();
