import type { DataSource } from 'typeorm';

/** The few aggregate reads behind the API's Prometheus gauges (run on scrape, not per request). */
export class MetricsRepository {
  constructor(private readonly db: DataSource) {}

  async jobsByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: string; n: string }[]>(
      `SELECT status, count(*) AS n FROM jobs GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Processing seconds per audio second over jobs finished in the window (below 1: faster than real time). */
  async realTimeFactor(windowSeconds: number): Promise<number | undefined> {
    const [row] = await this.db.query<{ rtf: number | null }[]>(
      `SELECT sum(extract(epoch FROM finished_at - started_at)) / nullif(sum(audio_seconds), 0) AS rtf
       FROM jobs WHERE status = 'completed' AND finished_at > now() - make_interval(secs => $1)`,
      [windowSeconds],
    );
    return row?.rtf === null || row?.rtf === undefined ? undefined : Number(row.rtf);
  }

  async webhookBacklog(): Promise<number> {
    const [row] = await this.db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'`,
    );
    return Number(row?.n ?? 0);
  }
}
