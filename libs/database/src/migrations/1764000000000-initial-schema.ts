import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        voice text NOT NULL,
        format text NOT NULL,
        options jsonb NOT NULL DEFAULT '{}',
        title text,
        metadata jsonb,
        idempotency_key text,
        request_hash text,
        segments_total int NOT NULL CHECK (segments_total >= 0),
        segments_done int NOT NULL DEFAULT 0,
        chars_total int NOT NULL,
        audio_key text,
        audio_bytes bigint,
        audio_seconds double precision,
        audio_sha256 text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX jobs_owner_status_created_idx ON jobs (owner, status, created_at)`);
    await q.query(
      `CREATE UNIQUE INDEX jobs_owner_idempotency_key_idx ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE segments (
        job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        ordinal int NOT NULL,
        text text NOT NULL,
        char_start int NOT NULL,
        char_end int NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
        attempts int NOT NULL DEFAULT 0,
        object_key text,
        duration_seconds double precision,
        sha256 text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, ordinal)
      )`);
    await q.query(`CREATE INDEX segments_job_status_idx ON segments (job_id, status)`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    // The relay scans unpublished rows in id order; a partial index keeps that scan small.
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE segments`);
    await q.query(`DROP TABLE jobs`);
  }
}
