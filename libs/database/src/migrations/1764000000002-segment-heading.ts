import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Headings are read as headings (their numbering spoken, e.g. "Chapter IV"). */
export class SegmentHeading1764000000002 implements MigrationInterface {
  name = 'SegmentHeading1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE segments ADD COLUMN heading boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE segments DROP COLUMN heading`);
  }
}
