import { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffMs } from './backoff';

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
}

/** Where committed outbox rows come from (PostgreSQL in production, a fake in unit tests). */
export interface OutboxStore {
  publishPending(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number>;
}

export interface OutboxRelayOptions {
  batchSize: number;
  idleMs: number;
}

/**
 * Publishes committed outbox rows to Kafka in id order and marks them sent. When Kafka (or
 * PostgreSQL) is down it keeps the rows and retries with jittered backoff; nothing is lost,
 * and a row may be sent twice (at-least-once) but never skipped.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  published = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly producer: Producer,
    private readonly opts: OutboxRelayOptions = { batchSize: 500, idleMs: 200 },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the relay look for rows now instead of at the end of its idle wait. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows went out. */
  async tick(): Promise<number> {
    const n = await this.store.publishPending(this.opts.batchSize, (rows) => this.send(rows));
    this.published += n;
    return n;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const n = await this.tick();
        if (failures > 0) this.logger.log(`outbox relay recovered after ${failures} failed attempt(s)`);
        failures = 0;
        if (n < this.opts.batchSize) await this.idle(this.opts.idleMs);
      } catch (err) {
        const delay = backoffMs(failures++, 250, 10_000);
        this.logger.warn(
          `outbox relay attempt ${failures} failed, retrying in ${delay} ms: ${(err as Error).message}`,
        );
        await this.idle(delay);
      }
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const r of rows) {
      const list = byTopic.get(r.topic) ?? [];
      const id = typeof r.payload.id === 'string' ? r.payload.id : r.id;
      list.push({
        key: r.key,
        value: JSON.stringify(r.payload),
        headers: { 'ce-id': id, 'content-type': 'application/cloudevents+json' },
      });
      byTopic.set(r.topic, list);
    }
    await this.producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      acks: -1,
    });
  }

  private async idle(ms: number): Promise<void> {
    const ac = new AbortController();
    this.wake = () => ac.abort();
    await sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined);
    this.wake = undefined;
  }
}
