import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createKafka, OutboxRelay } from '@chorus/bus';
import { dataSourceOptions, OutboxRepository } from '@chorus/database';
import { config } from '../support/stack';

/** Two relays (two API replicas) on one outbox: every row goes out, in order, none twice. */
describe('outbox relay with two replicas', () => {
  const db = new DataSource(dataSourceOptions(config.postgres));
  const topic = `e2e.outbox.${randomUUID()}`;
  let kafka: Kafka;
  const producers: Producer[] = [];

  beforeAll(async () => {
    await db.initialize();
    kafka = createKafka(config.kafka, { clientId: 'e2e-outbox' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
    // Leave the shared outbox as other tests expect it.
    await db.query(`UPDATE outbox SET published_at = now() WHERE topic = $1 AND published_at IS NULL`, [
      topic,
    ]);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    await db.destroy();
  });

  it('publishes every committed row once, in commit order, while two relays compete', async () => {
    const N = 600;
    await db.transaction((tx) =>
      OutboxRepository.insert(
        tx,
        Array.from({ length: N }, (_, i) => ({ topic, key: 'one-key', payload: { seq: i } })),
      ),
    );
    const relays = await Promise.all(
      [1, 2].map(async () => {
        const producer = kafka.producer({ idempotent: true });
        await producer.connect();
        producers.push(producer);
        return new OutboxRelay(new OutboxRepository(db), producer, { batchSize: 50, idleMs: 50 });
      }),
    );
    relays.forEach((r) => r.start());
    const outbox = new OutboxRepository(db);
    const deadline = Date.now() + 60_000;
    while (
      (
        await db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND published_at IS NULL`,
          [topic],
        )
      )[0]?.n
    ) {
      if (Date.now() > deadline) throw new Error(`still ${await outbox.pendingCount()} unpublished`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(relays.map((r) => r.stop()));
    expect(relays[0]!.published + relays[1]!.published).toBe(N);

    const seen: number[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push((JSON.parse(message.value?.toString() ?? '{}') as { seq: number }).seq);
        return Promise.resolve();
      },
    });
    while (seen.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => i));
  });
});
