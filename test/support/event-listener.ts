import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { createKafka } from '@chorus/bus';
import { config } from './stack';

export interface ReceivedEvent {
  id: string;
  type: string;
  data: Record<string, unknown> & { jobId: string };
}

/** A throwaway consumer group that records every event on `topic` from now on. */
export async function listen(
  topic: string,
): Promise<{ events: ReceivedEvent[]; close: () => Promise<void> }> {
  const events: ReceivedEvent[] = [];
  const consumer: Consumer = createKafka(config.kafka, { clientId: 'e2e-listener' }).consumer({
    groupId: `e2e-${randomUUID()}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.run({
    eachMessage: ({ message }) => {
      events.push(JSON.parse(message.value?.toString() ?? '{}') as ReceivedEvent);
      return Promise.resolve();
    },
  });
  await joined;
  return { events, close: () => consumer.disconnect() };
}
