import 'reflect-metadata';
import { RedactingLogger } from '@chorus/config';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new RedactingLogger(),
  });
  app.enableShutdownHooks();
}

void bootstrap();
