import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, JobEntity, OutboxEntity, SegmentEntity } from '@chorus/database';
import { config } from '../support/stack';

/** Migrations run from nothing on a throwaway database, so the test sees exactly what they build. */
describe('PostgreSQL with TypeORM migrations', () => {
  const database = `chorus_e2e_${randomUUID().replaceAll('-', '')}`;
  const admin = new DataSource({ ...dataSourceOptions(config.postgres), entities: [], migrations: [] });
  let db: DataSource;

  beforeAll(async () => {
    await admin.initialize();
    await admin.query(`CREATE DATABASE "${database}"`);
    db = new DataSource({ ...dataSourceOptions({ ...config.postgres, database }) });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.destroy();
  });

  it('runs every migration, and a second run finds nothing to do', async () => {
    const ran = await db.runMigrations({ transaction: 'all' });
    expect(ran.map((m) => m.name)).toEqual([
      'InitialSchema1764000000000',
      'SegmentTiming1764000000001',
      'SegmentHeading1764000000002',
      'OwnerLexicons1764000000003',
      'SegmentRate1764000000004',
      'ApiKeys1764000000005',
      'JobChapters1764000000006',
      'Webhooks1764000000007',
    ]);
    expect(await db.runMigrations()).toEqual([]);
    const tables = await db.query<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['jobs', 'segments', 'outbox']));
  });

  it('round-trips a job with its segments and outbox row in one transaction', async () => {
    const jobId = await db.transaction(async (tx) => {
      const job = await tx.getRepository(JobEntity).save({
        owner: 'tenant-a',
        status: 'queued',
        voice: 'en_US-joe-medium',
        format: 'wav',
        options: { speed: 1 },
        title: 'Chapter one',
        metadata: { isbn: '978-0' },
        segmentsTotal: 2,
        charsTotal: 42,
      });
      await tx.getRepository(SegmentEntity).insert([
        { jobId: job.id, ordinal: 0, text: 'First sentence.', charStart: 0, charEnd: 15 },
        { jobId: job.id, ordinal: 1, text: 'Second one, longer.', charStart: 16, charEnd: 35 },
      ]);
      await tx
        .getRepository(OutboxEntity)
        .insert({ topic: 'tts.job-events', key: job.id, payload: { type: 'chorus.job.accepted.v1' } });
      return job.id;
    });
    const job = await db
      .getRepository(JobEntity)
      .findOneOrFail({ where: { id: jobId }, relations: { segments: true } });
    expect(job.status).toBe('queued');
    expect(job.options).toEqual({ speed: 1 });
    expect(job.metadata).toEqual({ isbn: '978-0' });
    expect(job.segments?.map((s) => [s.ordinal, s.status, s.text]).sort()).toEqual([
      [0, 'pending', 'First sentence.'],
      [1, 'pending', 'Second one, longer.'],
    ]);
    const outbox = await db.getRepository(OutboxEntity).findBy({ key: jobId });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.publishedAt).toBeNull();
  });

  it('refuses a status outside the state machine', async () => {
    await expect(
      db.query(
        `INSERT INTO jobs (owner, status, voice, format, segments_total, chars_total) VALUES ('t', 'exploded', 'v', 'wav', 0, 0)`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
