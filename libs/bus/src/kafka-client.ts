import { Kafka, logLevel, type KafkaConfig as KafkaJsConfig } from 'kafkajs';
import type { KafkaConfig } from '@chorus/config';

/** One kafkajs client per process, configured from chorus config. */
export function createKafka(config: KafkaConfig, overrides: Partial<KafkaJsConfig> = {}): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 8 },
    ...overrides,
  });
}
