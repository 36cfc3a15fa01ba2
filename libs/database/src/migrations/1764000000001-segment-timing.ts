import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the pipeline needs to stitch, pause and time the audio, and to finalize once. */
export class SegmentTiming1764000000001 implements MigrationInterface {
  name = 'SegmentTiming1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE segments
        ADD COLUMN chapter int NOT NULL DEFAULT 0,
        ADD COLUMN pause_after text NOT NULL DEFAULT 'sentence'
          CHECK (pause_after IN ('sentence', 'paragraph', 'chapter', 'end')),
        ADD COLUMN sentences jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN samples int,
        ADD COLUMN timing jsonb,
        ADD COLUMN last_error text`);
    await q.query(`ALTER TABLE jobs ADD COLUMN finalizing_at timestamptz, ADD COLUMN sample_rate int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs DROP COLUMN finalizing_at, DROP COLUMN sample_rate`);
    await q.query(`
      ALTER TABLE segments
        DROP COLUMN chapter, DROP COLUMN pause_after, DROP COLUMN sentences,
        DROP COLUMN samples, DROP COLUMN timing, DROP COLUMN last_error`);
  }
}
