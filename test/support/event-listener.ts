import { randomUUID } from 'node:crypto';
import { logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { createKafka } from '@chorus/bus';
import { config } from './stack';

export interface ReceivedEvent {
  id: string;
  type: string;
  data: Record<string, unknown> & { jobId: string };
}

export interface Listener {
  /** Every message, parsed as a CloudEvent. */
  events: ReceivedEvent[];
  /** Every message as it arrived (headers included). */
  messages: KafkaMessage[];
  close: () => Promise<void>;
}

/** A throwaway consumer group that records every message on `topic` from now on. */
export async function listen(topic: string): Promise<Listener> {
  const events: ReceivedEvent[] = [];
  const messages: KafkaMessage[] = [];
  const kafka = createKafka(config.kafka, { clientId: 'e2e-listener', logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.run({
    eachMessage: ({ message }) => {
      messages.push(message);
      events.push(JSON.parse(message.value?.toString() ?? '{}') as ReceivedEvent);
      return Promise.resolve();
    },
  });
  await joined;
  return { events, messages, close: () => consumer.disconnect() };
}
