/**
 * Time from a ready spec to callable tools: a build row is enqueued (INSERT + NOTIFY, as the api
 * does) and the clock stops at the build's final NOTIFY after verify — the runner loaded the
 * version exactly as it serves it and listed its tools. Real embedded Postgres, real runner,
 * builder with its workers; bounded runs (10–50, default 12, plus one warm-up). Target: p50 < 2 s.
 *
 *   pnpm bench deploy      (or: node --conditions=@bmm/source --import tsx bench/deploy.ts [runs])
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring, serverSecretAad } from '@bmm/crypto';
import {
  Channels,
  createDb,
  freePort,
  migrateToLatest,
  notify,
  PgListener,
  startEmbeddedPostgres,
  withDatabase,
} from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { buildApp as buildRunner } from '@bmm/runner/app';
import type { ServerSpec } from '@bmm/spec';
import pg from 'pg';
import { buildApp } from '../src/app.js';

const RUNS = Math.min(Math.max(Number(process.argv[2] ?? 12), 10), 50);
const TIMEOUT_MS = 20_000;

function spec(slug: string, i: number): ServerSpec {
  return {
    name: `Bench ${i}`,
    slug,
    description: 'deploy benchmark',
    secrets: [{ name: 'API_KEY', description: 'upstream key', required: true }],
    tools: [
      {
        name: 'get_item',
        description: 'Reads an item.',
        inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.example.com/items/{{input.id}}',
          headers: { 'x-api-key': '{{secrets.API_KEY}}' },
        },
        examples: [
          {
            input: { id: '1' },
            expect: { contains: 'lamp' },
            mockResponse: { status: 200, body: { id: '1', name: 'lamp' } },
          },
        ],
      },
      {
        name: 'add',
        description: 'Adds numbers.',
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        impl: {
          kind: 'code',
          source: `export default async function (input) { return { sum: input.a + input.b + ${i} - ${i} }; }`,
        },
        examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }],
      },
    ],
  };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bmm-bench-deploy-'));
const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort() });
const admin = new pg.Client({ connectionString: postgres.url });
await admin.connect();
await admin.query('CREATE DATABASE bench');
await admin.end();
const url = withDatabase(postgres.url, 'bench');
const db = createDb(url, { max: 10 });
const logger = createLogger({ name: 'bench', level: 'silent' });
const keyring = new Keyring({ version: 1, key: randomBytes(32) });
let runner: Awaited<ReturnType<typeof buildRunner>> | null = null;
let builder: Awaited<ReturnType<typeof buildApp>> | null = null;
const events = new PgListener(url);

try {
  await migrateToLatest(db);
  runner = await buildRunner({
    db,
    logger,
    keyring,
    listener: new PgListener(url),
    config: {
      runnerUrl: 'http://127.0.0.1:1',
      issuer: 'http://127.0.0.1:1',
      hostAliases: [],
      allowPrivateNetwork: false,
    },
  });
  const runnerUrl = await runner.listen({ port: 0, host: '127.0.0.1' });
  builder = await buildApp({
    db,
    logger,
    keyring,
    databaseUrl: url,
    runnerUrl,
    webUrl: 'http://localhost:3000',
    builds: { concurrency: 2 },
  });
  await builder.listen({ port: 0, host: '127.0.0.1' });

  // Finished builds announce themselves with NOTIFY {buildId, status}: wait on that, not on polling.
  const waiters = new Map<string, (status: string) => void>();
  events.on(Channels.buildEvent, (p: { buildId: string; status?: string }) => {
    if (p.status && p.status !== 'queued' && p.status !== 'running') waiters.get(p.buildId)?.(p.status);
  });
  await events.start();

  const user = await db
    .insertInto('users')
    .values({ email: 'bench@example.com', name: 'Bench', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = await db.insertInto('orgs').values({ name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const times: number[] = [];
  const steps: Record<string, number[]> = {};
  for (let i = 0; i < RUNS + 1; i++) {
    const slug = `bench-${i}-${randomBytes(2).toString('hex')}`;
    const server = await db
      .insertInto('servers')
      .values({ org_id: org.id, slug, name: slug, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('server_secrets')
      .values({
        server_id: server.id,
        name: 'API_KEY',
        ciphertext: keyring.encrypt('k', serverSecretAad(server.id, 'API_KEY')),
        key_version: 1,
      })
      .execute();
    const version = await db
      .insertInto('server_versions')
      .values({ server_id: server.id, version: 1, spec: JSON.stringify(spec(slug, i)) as never })
      .returning('id')
      .executeTakeFirstOrThrow();

    const t0 = performance.now();
    const build = await db
      .insertInto('builds')
      .values({ org_id: org.id, server_id: server.id, version_id: version.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const finished = new Promise<string>((resolve, reject) => {
      waiters.set(build.id, resolve);
      setTimeout(
        () => reject(new Error(`build ${build.id} not finished in ${TIMEOUT_MS} ms`)),
        TIMEOUT_MS,
      ).unref();
    });
    await notify(db, Channels.buildEvent, { buildId: build.id, status: 'queued' });
    const status = await finished;
    const ms = performance.now() - t0;
    waiters.delete(build.id);
    if (status !== 'succeeded') {
      const row = await db.selectFrom('builds').select('error').where('id', '=', build.id).executeTakeFirst();
      throw new Error(`build ${i} ${status}: ${row?.error}`);
    }
    if (i === 0) continue; // warm-up: QuickJS WASM load, JIT, pools
    times.push(ms);
    const lines = await db
      .selectFrom('build_logs')
      .select('message')
      .where('build_id', '=', build.id)
      .execute();
    for (const { message } of lines) {
      const m = message.match(/^step (\w+) succeeded in (\d+) ms$/);
      if (!m) continue;
      steps[m[1]!] ??= [];
      steps[m[1]!]!.push(Number(m[2]));
    }
  }
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  };
  const p50 = pct(times, 50);
  console.log(`deploy: enqueue → verified, ${times.length} runs (after 1 warm-up) on embedded Postgres`);
  console.log(
    `  p50 ${p50.toFixed(0)} ms   p90 ${pct(times, 90).toFixed(0)} ms   min ${Math.min(...times).toFixed(0)} ms   max ${Math.max(...times).toFixed(0)} ms`,
  );
  console.log(
    `  per step p50: ${Object.entries(steps)
      .map(([k, v]) => `${k} ${pct(v, 50)} ms`)
      .join(', ')}`,
  );
  console.log(`  target p50 < 2000 ms: ${p50 < 2000 ? 'met' : 'MISSED'}`);
  console.log(
    JSON.stringify({
      bench: 'builder.deploy',
      runs: times.length,
      p50Ms: Math.round(p50),
      p90Ms: Math.round(pct(times, 90)),
      targetMs: 2000,
    }),
  );
  if (p50 >= 2000) process.exitCode = 1;
} finally {
  await events.close().catch(() => {});
  await builder?.close().catch(() => {});
  await runner?.close().catch(() => {});
  await db.destroy().catch(() => {});
  await postgres.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
// Two MessagePorts and two pipes stay active after everything above is closed (seen back to 2e5c5e4;
// their owner is not found yet), so the bench would print its result and never exit.
process.exit(process.exitCode ?? 0);
