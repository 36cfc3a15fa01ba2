import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { createKafka } from '@chorus/bus';
import { config } from '../support/stack';

const PARTITIONS = 4;

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Kafka broker (KRaft, from Maven jars) with kafkajs', () => {
  let kafka: Kafka;
  let producer: Producer;
  const topic = `e2e.kafka.${randomUUID()}`;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = createKafka(config.kafka, { clientId: 'chorus-e2e' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(PARTITIONS);
    await admin.disconnect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('delivers every message once to a group, spread over all partitions, and commits offsets', async () => {
    const groupId = `e2e-${randomUUID()}`;
    const seen = new Map<string, number>();
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        seen.set(message.value?.toString() ?? '', partition);
        return Promise.resolve();
      },
    });
    const values = Array.from({ length: 40 }, (_, i) => `m-${i}`);
    await producer.send({ topic, messages: values.map((v, i) => ({ key: `k-${i}`, value: v })) });
    await waitFor(() => seen.size === values.length, 30_000);
    expect([...seen.keys()].sort()).toEqual([...values].sort());
    expect(new Set(seen.values()).size).toBe(PARTITIONS);
    await consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed[0]?.partitions.reduce((n, p) => n + Number(p.offset), 0);
    await admin.disconnect();
    expect(total).toBe(values.length);
  });

  it('rebalances partitions between two consumers of one group', async () => {
    const groupId = `e2e-${randomUUID()}`;
    const assigned = new Map<string, number[]>();
    const join = async (name: string) => {
      const c = kafka.consumer({ groupId, maxWaitTimeInMs: 250, heartbeatInterval: 500 });
      consumers.push(c);
      c.on(c.events.GROUP_JOIN, (e) => assigned.set(name, e.payload.memberAssignment[topic] ?? []));
      await c.connect();
      await c.subscribe({ topics: [topic] });
      await c.run({ eachMessage: () => Promise.resolve() });
      return c;
    };
    await join('a');
    await waitFor(() => assigned.get('a')?.length === PARTITIONS, 30_000);
    await join('b');
    await waitFor(
      () =>
        (assigned.get('a')?.length ?? 0) + (assigned.get('b')?.length ?? 0) === PARTITIONS &&
        (assigned.get('b')?.length ?? 0) > 0 &&
        (assigned.get('a')?.length ?? 0) < PARTITIONS,
      30_000,
    );
    const all = [...(assigned.get('a') ?? []), ...(assigned.get('b') ?? [])].sort();
    expect(all).toEqual([0, 1, 2, 3]);
  });
});
