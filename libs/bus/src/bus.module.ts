import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CHORUS_CONFIG, type ChorusConfig } from '@chorus/config';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topics-admin';

export const KAFKA = Symbol('Kafka');
export const KAFKA_PRODUCER = Symbol('KafkaProducer');

class ProducerCloser implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_PRODUCER) private readonly producer: Producer) {}
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

/**
 * The process's Kafka client and one idempotent producer. The topics are created (or grown)
 * before anything uses them.
 */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [CHORUS_CONFIG],
      useFactory: async (config: ChorusConfig): Promise<Kafka> => {
        const kafka = createKafka(config.kafka);
        await ensureTopics(kafka, {
          segments: Math.max(config.pipeline.segmentsPartitions, config.worker.devices.length),
          events: config.pipeline.eventsPartitions,
        });
        return kafka;
      },
    },
    {
      provide: KAFKA_PRODUCER,
      inject: [KAFKA],
      useFactory: async (kafka: Kafka): Promise<Producer> => {
        const producer = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
        await producer.connect();
        return producer;
      },
    },
    ProducerCloser,
  ],
  exports: [KAFKA, KAFKA_PRODUCER],
})
export class BusModule {}
