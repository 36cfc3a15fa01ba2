import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A pronunciation lexicon per owner (tenant), merged into every job it submits. */
export class OwnerLexicons1764000000003 implements MigrationInterface {
  name = 'OwnerLexicons1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lexicons (
        owner text PRIMARY KEY,
        entries jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lexicons`);
  }
}
