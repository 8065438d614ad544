import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../db.js';
import { withDatabase } from '../embedded.js';
import './context.js';

export interface TestDatabase {
  db: Db;
  /** Connection URL of this file's own database (for services and listeners under test). */
  url: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of its own, cloned from the run's template in a few milliseconds.
 * Call once per test file (in beforeAll) and destroy it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('bmmPostgresUrl');
  const template = inject('bmmTemplateDb');
  const name = `bmm_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const db = createDb(url, { max: 5 });
  return {
    db,
    url,
    destroy: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}
