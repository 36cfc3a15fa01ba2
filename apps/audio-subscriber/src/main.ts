import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { loadConfig, RedactingLogger } from '@chorus/config';
import { SubscriberModule } from './subscriber.module';

/** An "audio ready" subscriber on the Kafka transport of @nestjs/microservices. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(SubscriberModule, {
    logger: new RedactingLogger(),
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'chorus-audio-subscriber', brokers: config.kafka.brokers },
      consumer: { groupId: config.subscriber.groupId },
      subscribe: { fromBeginning: false },
    },
  });
  app.enableShutdownHooks();
  await app.listen();
}

void bootstrap();
