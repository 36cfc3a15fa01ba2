import { loadConfig } from '@chorus/config';
import { dataSourceOptions } from '@chorus/database';
import { DataSource } from 'typeorm';

/** Runs pending migrations (`npm run migrate`); containers run the compiled copy. */
async function main(): Promise<void> {
  const db = new DataSource(dataSourceOptions(loadConfig().postgres));
  await db.initialize();
  try {
    const ran = await db.runMigrations({ transaction: 'each' });
    console.log(ran.length ? `applied: ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
