import { loadConfig, migrateConfigSchema } from '@bmm/config';
import { createDb } from '../db.js';
import { migrateToLatest } from '../migrate.js';

// `pnpm db:migrate`: applies every pending migration to DATABASE_URL.
const config = loadConfig(migrateConfigSchema, 'db:migrate');
const db = createDb(config.DATABASE_URL, { max: 1 });
try {
  const results = await migrateToLatest(db);
  for (const r of results)
    console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  if (results.length === 0) console.log('database is up to date');
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
