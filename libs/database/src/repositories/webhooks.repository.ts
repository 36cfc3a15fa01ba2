import type { DataSource } from 'typeorm';
import { returning } from './sql';

export const WEBHOOK_EVENTS = ['job.completed', 'job.failed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookRecord {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string;
  createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A delivery claimed for one attempt, with what it takes to send and sign it. */
export interface DueDelivery {
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  attempts: number;
}

interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string;
  created_at: Date;
}

const toWebhook = (r: WebhookRow): WebhookRecord => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  createdAt: r.created_at,
});

/** Webhooks and their delivery log; every read and delete is scoped to the tenant. */
export class WebhooksRepository {
  constructor(private readonly db: DataSource) {}

  async create(
    tenant: string,
    keyId: string,
    hook: { url: string; events: WebhookEvent[]; description: string; secret: string },
  ): Promise<WebhookRecord> {
    const [row] = await this.db.query<WebhookRow[]>(
      `INSERT INTO webhooks (tenant, key_id, url, events, description, secret) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, url, events, description, created_at`,
      [tenant, keyId, hook.url, hook.events, hook.description, hook.secret],
    );
    return toWebhook(row!);
  }

  async list(tenant: string): Promise<WebhookRecord[]> {
    const rows = await this.db.query<WebhookRow[]>(
      `SELECT id, url, events, description, created_at FROM webhooks
       WHERE tenant = $1 AND deleted_at IS NULL ORDER BY created_at`,
      [tenant],
    );
    return rows.map(toWebhook);
  }

  async find(tenant: string, id: string): Promise<WebhookRecord | undefined> {
    const [row] = await this.db.query<WebhookRow[]>(
      `SELECT id, url, events, description, created_at FROM webhooks
       WHERE id = $1 AND tenant = $2 AND deleted_at IS NULL`,
      [id, tenant],
    );
    return row ? toWebhook(row) : undefined;
  }

  /** Stops deliveries (pending ones are dropped); the log stays readable to nobody. */
  async remove(tenant: string, id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await returning<{ id: string }>(
        tx,
        `UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND tenant = $2 AND deleted_at IS NULL RETURNING id`,
        [id, tenant],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook deleted'
         WHERE webhook_id = $1 AND status = 'pending'`,
        [id],
      );
      return true;
    });
  }

  async deliveries(tenant: string, webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    const rows = await this.db.query<
      {
        id: string;
        event_id: string;
        event_type: string;
        status: DeliveryStatus;
        attempts: number;
        next_attempt_at: Date;
        last_status_code: number | null;
        last_error: string | null;
        created_at: Date;
        delivered_at: Date | null;
      }[]
    >(
      `SELECT d.id, d.event_id, d.event_type, d.status, d.attempts, d.next_attempt_at, d.last_status_code,
              d.last_error, d.created_at, d.delivered_at
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.webhook_id = $1 AND w.tenant = $2 ORDER BY d.created_at DESC LIMIT $3`,
      [webhookId, tenant, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    }));
  }

  /**
   * Records a delivery of `event` to every live webhook of the job's owner that subscribed to
   * it; the (webhook, event id) pair is unique, so a redelivered event adds nothing.
   */
  async enqueue(
    jobId: string,
    event: { id: string; kind: WebhookEvent; type: string; payload: Record<string, unknown> },
  ): Promise<number> {
    const rows = await this.db.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload)
       SELECT w.id, $2, $3, $4::jsonb FROM webhooks w JOIN jobs j ON j.owner = w.tenant
       WHERE j.id = $1 AND w.deleted_at IS NULL AND $5 = ANY (w.events)
       ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
      [jobId, event.id, event.type, JSON.stringify(event.payload), event.kind],
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each: their next attempt moves a lease
   * ahead, so another replica skips them and a crashed sender's claim comes back by itself.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
    const rows = await returning<{
      id: string;
      webhook_id: string;
      url: string;
      secret: string;
      event_id: string;
      event_type: string;
      payload: Record<string, unknown>;
      attempts: number;
    }>(
      this.db,
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries d
       SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.webhook_id, w.url, w.secret, d.event_id, d.event_type, d.payload, d.attempts`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      url: r.url,
      secret: r.secret,
      eventId: r.event_id,
      eventType: r.event_type,
      payload: r.payload,
      attempts: r.attempts,
    }));
  }

  async delivered(id: string, statusCode: number): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'delivered', last_status_code = $2, last_error = NULL,
              delivered_at = now() WHERE id = $1 AND status = 'pending'`,
      [id, statusCode],
    );
  }

  /** A failed attempt: retried after `retryInMs`, or given up on when that is undefined. */
  async attemptFailed(
    id: string,
    result: { statusCode: number | null; error: string },
    retryInMs: number | undefined,
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET last_status_code = $2, last_error = $3,
              status = CASE WHEN $4::int IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = CASE WHEN $4::int IS NULL THEN next_attempt_at
                                     ELSE now() + make_interval(secs => $4::int / 1000.0) END
       WHERE id = $1 AND status = 'pending'`,
      [id, result.statusCode, result.error.slice(0, 500), retryInMs ?? null],
    );
  }
}
