import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Requests per second for one kind of caller (`ip`, `key`). The counters live in PostgreSQL
 * (the `rate_limits` table), so every API replica counts against the same window; while
 * PostgreSQL is unreachable each replica falls back to counting in memory.
 */
export class RateLimit {
  private readonly limiter: RateLimiterAbstract | undefined;

  constructor(db: DataSource, kind: string, perSecond: number, windowSeconds = 1) {
    if (perSecond <= 0) return;
    const points = perSecond * windowSeconds;
    this.limiter = new RateLimiterPostgres({
      storeClient: db,
      storeType: 'typeorm',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix: kind,
      points,
      duration: windowSeconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: kind, points, duration: windowSeconds }),
    });
  }

  async take(key: string): Promise<RateLimitVerdict> {
    if (!this.limiter) return { allowed: true };
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (res) {
      if (res instanceof RateLimiterRes)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      throw res;
    }
  }
}
