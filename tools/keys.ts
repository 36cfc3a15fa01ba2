/**
 * API keys, for the operator (run where the database is reachable):
 *
 *   npm run keys -- create --tenant acme [--name "CI pipeline"] [--json]
 *   npm run keys -- list [--tenant acme] [--json]
 *   npm run keys -- revoke <key id> [--json]
 *
 * A new key is printed once and stored only as its SHA-256; keep it in a secret store.
 */
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '@chorus/config';
import { ApiKeysRepository, dataSourceOptions, type ApiKeyRecord } from '@chorus/database';

const USAGE =
  'usage: keys create --tenant NAME [--name TEXT] | keys list [--tenant NAME] | keys revoke ID  [--json]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(k: ApiKeyRecord): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
  return `${k.id}  ${k.tenant.padEnd(16)} ${k.prefix}…  ${state}  ${k.name}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [command, id] = positionals;
  const db = new DataSource(dataSourceOptions(loadConfig().postgres));
  await db.initialize();
  try {
    const keys = new ApiKeysRepository(db);
    const print = (value: unknown, text: string) => console.log(values.json ? JSON.stringify(value) : text);
    switch (command ?? '') {
      case 'create': {
        if (!values.tenant) break;
        const issued = await keys.issue(values.tenant, values.name ?? '');
        print(issued, `${describe(issued)}\nkey (shown once): ${issued.key}`);
        return 0;
      }
      case 'list': {
        const list = await keys.list(values.tenant);
        print(list, list.map(describe).join('\n') || 'no keys');
        return 0;
      }
      case 'revoke': {
        if (!id || !UUID.test(id)) break;
        const revoked = await keys.revoke(id);
        if (!revoked) {
          console.error(`no API key ${id}`);
          return 1;
        }
        print(revoked, describe(revoked));
        return 0;
      }
      default:
        break;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof RangeError ? err.message : err);
    process.exit(err instanceof RangeError ? 2 : 1);
  },
);
