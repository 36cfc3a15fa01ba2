import type { DataSource, EntityManager } from 'typeorm';

export interface OutboxMessage {
  topic: string;
  key: string;
  payload: Record<string, unknown>;
}

export interface OutboxRow extends OutboxMessage {
  id: string;
}

/** Arbitrary constant: the advisory lock that makes one relay at a time publish, in id order. */
const RELAY_LOCK = 727_001;

export class OutboxRepository {
  constructor(private readonly db: DataSource) {}

  /** Bulk insert inside the caller's transaction: one statement, whatever the row count. */
  static async insert(tx: EntityManager, messages: OutboxMessage[]): Promise<void> {
    const CHUNK = 20_000;
    for (let i = 0; i < messages.length; i += CHUNK) {
      const part = messages.slice(i, i + CHUNK);
      await tx.query(
        `INSERT INTO outbox (topic, key, payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
        [part.map((m) => m.topic), part.map((m) => m.key), part.map((m) => JSON.stringify(m.payload))],
      );
    }
  }

  /**
   * Locks the oldest unpublished rows, hands them to `publish`, and marks them published,
   * all in one transaction. With several API replicas only the one holding the advisory lock
   * publishes, so rows go out in id order; `SKIP LOCKED` keeps a stuck transaction from
   * blocking the others. If `publish` throws, nothing is marked and the rows are retried.
   * Returns how many rows were published (0 when another replica holds the lock).
   */
  async publishPending(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [
        RELAY_LOCK,
      ]);
      if (!lock?.ok) return 0;
      const rows = await tx.query<OutboxRow[]>(
        `SELECT id, topic, key, payload FROM outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows);
      await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`,
    );
    return Number(row?.n ?? 0);
  }
}
