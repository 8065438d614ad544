import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort, type RunningPostgres, startEmbeddedPostgres, withDatabase } from '../embedded.js';
import { migrateToLatest } from '../migrate.js';
import './context.js';

interface Shared {
  users: number;
  ready: Promise<{ url: string; template: string; stop: () => Promise<void> }>;
}

// Every vitest project runs this setup in the same main process; one Postgres serves them all.
const g = globalThis as typeof globalThis & { __bmmPostgres?: Shared };

async function boot(): Promise<{ url: string; template: string; stop: () => Promise<void> }> {
  let running: RunningPostgres | null = null;
  let dir: string | null = null;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-test-pg-'));
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
    url = running.url;
  }
  const template = `bmm_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    const db = new Kysely<any>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: withDatabase(url, template), max: 1 }),
      }),
    });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  } catch (err) {
    await admin.end().catch(() => {});
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    template,
    stop: async () => {
      // Test databases are dropped by their files; the template goes last.
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
      await running?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  g.__bmmPostgres ??= { users: 0, ready: boot() };
  const shared = g.__bmmPostgres;
  shared.users++;
  const { url, template } = await shared.ready;
  project.provide('bmmPostgresUrl', url);
  project.provide('bmmTemplateDb', template);
  return async () => {
    shared.users--;
    if (shared.users === 0) {
      g.__bmmPostgres = undefined;
      await (await shared.ready).stop();
    }
  };
}
