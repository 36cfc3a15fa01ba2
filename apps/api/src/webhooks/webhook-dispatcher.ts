import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffMs, KAFKA } from '@chorus/bus';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { JOB_COMPLETED_V1, JOB_FAILED_V1, TOPICS } from '@chorus/contracts';
import { WebhooksRepository, type DueDelivery, type WebhookEvent } from '@chorus/database';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { assertPublicTarget } from './webhook-target';

const KINDS: Record<string, WebhookEvent> = {
  [JOB_COMPLETED_V1]: 'job.completed',
  [JOB_FAILED_V1]: 'job.failed',
};
const BACKOFF_CAP_MS = 3_600_000;
const LEASE_SECONDS = 120;

/**
 * Webhook delivery, in two steps that each survive a crash:
 * 1. a Kafka consumer of `tts.job-events` (one group shared by all API replicas) records a
 *    delivery row per subscribed webhook for each completed/failed job, then commits its offset;
 * 2. a sender loop in every replica claims due rows (`SKIP LOCKED`, with a lease), POSTs the
 *    CloudEvent signed with the webhook's secret, and records the outcome or the next attempt
 *    after a jittered exponential backoff.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private consumer: Consumer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private consuming: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly webhooks: WebhooksRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.send();
    // Joining the group can wait for a crashed replica's session to expire (30 s), or for the
    // broker to come back: the API serves meanwhile, and the consumer catches up from its offset.
    this.consuming = this.consume();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.consumer?.disconnect();
    await this.consuming;
    await this.loop;
  }

  /** Starts the job-events consumer, retrying with backoff until it runs or the API stops. */
  private async consume(): Promise<void> {
    for (let attempt = 0; this.running; attempt++) {
      const consumer = this.kafka.consumer({ groupId: this.config.webhooks.groupId, maxWaitTimeInMs: 500 });
      this.consumer = consumer;
      try {
        await consumer.connect();
        // From the beginning only the first time the group exists: no event is ever skipped.
        await consumer.subscribe({ topics: [TOPICS.jobEvents], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const event = parseEvent(message.value);
            const kind = event ? KINDS[event.type] : undefined;
            if (!event || !kind) return;
            await this.webhooks.enqueue(event.data.jobId, {
              id: event.id,
              kind,
              type: event.type,
              payload: event,
            });
          },
        });
        if (attempt > 0) this.logger.log(`consuming ${TOPICS.jobEvents} after ${attempt} failed start(s)`);
        return;
      } catch (err) {
        if (!this.running) return;
        const wait = backoffMs(attempt, 500, 10_000);
        this.logger.warn(
          `could not start the ${TOPICS.jobEvents} consumer (${(err as Error).message}); retrying in ${wait} ms`,
        );
        await consumer.disconnect().catch(() => undefined);
        await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private async send(): Promise<void> {
    while (this.running) {
      let due: DueDelivery[] = [];
      try {
        due = await this.webhooks.claimDue(20, LEASE_SECONDS);
        await Promise.all(due.map((d) => this.attempt(d)));
      } catch (err) {
        this.logger.warn(`webhook sender: ${(err as Error).message}`);
      }
      if (due.length === 0)
        await sleep(250, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private async attempt(d: DueDelivery): Promise<void> {
    const { maxAttempts, backoffMs: base, timeoutMs, allowedPrivate } = this.config.webhooks;
    const body = JSON.stringify(d.payload);
    let statusCode: number | null = null;
    try {
      await assertPublicTarget(d.url, allowedPrivate);
      const res = await fetch(d.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/cloudevents+json',
          'user-agent': 'chorus-webhooks/1',
          'chorus-event-id': d.eventId,
          'chorus-event-type': d.eventType,
          'chorus-delivery-id': d.id,
          [SIGNATURE_HEADER]: signatureHeader(d.secret, body, Math.floor(Date.now() / 1000)),
        },
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.ok) {
        await this.webhooks.delivered(d.id, res.status);
        return;
      }
      throw new Error(`answered ${res.status}`);
    } catch (err) {
      const retry = d.attempts < maxAttempts ? backoffMs(d.attempts, base, BACKOFF_CAP_MS) : undefined;
      await this.webhooks.attemptFailed(d.id, { statusCode, error: (err as Error).message }, retry);
    }
  }
}

interface JobEvent {
  id: string;
  type: string;
  data: { jobId: string };
  [member: string]: unknown;
}

function parseEvent(value: Buffer | null): JobEvent | undefined {
  try {
    const e = JSON.parse(value?.toString('utf8') ?? '') as Partial<JobEvent>;
    return typeof e.id === 'string' && typeof e.type === 'string' && typeof e.data?.jobId === 'string'
      ? (e as JobEvent)
      : undefined;
  } catch {
    return undefined;
  }
}
