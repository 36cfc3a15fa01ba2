import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { ChorusConfig } from '@chorus/config';
import { ApiKeysRepository, dataSourceOptions } from '@chorus/database';

export const DEV_TENANT = 'local';

/**
 * The key the local tools use against the local stack: `CHORUS_API_KEY` when set, else a
 * key for tenant `local` kept in the stack folder (mode 0600) and created on first use,
 * straight in the local database. Production keys come from `npm run keys -- create`.
 */
export async function devApiKey(config: ChorusConfig, root: string): Promise<string> {
  const fromEnv = process.env.CHORUS_API_KEY;
  if (fromEnv) return fromEnv;
  const file = join(resolve(root, config.stackDir), 'dev-api-key');
  const db = new DataSource(dataSourceOptions(config.postgres));
  await db.initialize();
  try {
    const keys = new ApiKeysRepository(db);
    const saved = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (saved && (await keys.verify(saved))) return saved;
    const issued = await keys.issue(DEV_TENANT, 'local tools');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${issued.key}\n`, { mode: 0o600 });
    return issued.key;
  } finally {
    await db.destroy();
  }
}
