import type { DataSource } from 'typeorm';

export interface StoredLexiconEntry {
  grapheme: string;
  phoneme?: string | undefined;
  alias?: string | undefined;
}

/** Each owner's (tenant's) own pronunciations. */
export class LexiconsRepository {
  constructor(private readonly db: DataSource) {}

  async get(owner: string): Promise<StoredLexiconEntry[]> {
    const [row] = await this.db.query<{ entries: StoredLexiconEntry[] }[]>(
      `SELECT entries FROM lexicons WHERE owner = $1`,
      [owner],
    );
    return row?.entries ?? [];
  }

  async put(owner: string, entries: StoredLexiconEntry[]): Promise<void> {
    await this.db.query(
      `INSERT INTO lexicons (owner, entries) VALUES ($1, $2)
       ON CONFLICT (owner) DO UPDATE SET entries = EXCLUDED.entries, updated_at = now()`,
      [owner, JSON.stringify(entries)],
    );
  }
}
