import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a job's per-chapter files are (`split: "chapters"`); null for a single file. */
export class JobChapters1764000000006 implements MigrationInterface {
  name = 'JobChapters1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN chapters jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs DROP COLUMN chapters`);
  }
}
