import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (only their SHA-256 is stored) and the rate-limit counters every API replica
 * shares. The counters are UNLOGGED: losing them in a crash only resets the windows.
 */
export class ApiKeys1764000000005 implements MigrationInterface {
  name = 'ApiKeys1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant text NOT NULL,
        name text NOT NULL DEFAULT '',
        prefix text NOT NULL,
        hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_tenant_idx ON api_keys (tenant, created_at)`);
    // The layout rate-limiter-flexible's RateLimiterPostgres expects (key, points, expire ms).
    await q.query(`
      CREATE UNLOGGED TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
    await q.query(`DROP TABLE api_keys`);
  }
}
