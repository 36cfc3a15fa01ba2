import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The speaking rate in effect where a segment starts (SSML `<prosody rate>`); 1 otherwise. */
export class SegmentRate1764000000004 implements MigrationInterface {
  name = 'SegmentRate1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE segments ADD COLUMN rate real NOT NULL DEFAULT 1 CHECK (rate > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE segments DROP COLUMN rate`);
  }
}
