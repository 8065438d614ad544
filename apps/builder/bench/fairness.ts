/**
 * The builder under heavy builds (issue 15): org A enqueues 4 builds whose code tool burns CPU in
 * QuickJS at load (compile) and spins to its CPU limit in its example (test), with 60 http tools
 * beside it whose schemas validate compiles, then org B enqueues one light build. Measured: `/healthz`
 * latency seen from another process the whole time (target < 50 ms), the builder process's own
 * event-loop delay (what a blocked loop would show, apart from the CPU the
 * shared machine gives the process), and how long org B's build waited to start, in build slots
 * (target ≤ 1). The runner (verify step) runs in its own process, as in production: its work of
 * loading each deployed version is not the builder's.
 * Real embedded Postgres, real runner, builder with 2 build slots and BUILD_ORG_CONCURRENCY 2.
 * Profile the builder's main thread with `node --cpu-prof --conditions=@bmm/source --import tsx
 * bench/fairness.ts` (the runner child is not profiled).
 *
 *   pnpm bench fairness      (or: node --conditions=@bmm/source --import tsx bench/fairness.ts)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Keyring } from '@bmm/crypto';
import {
  Channels,
  createDb,
  type Db,
  freePort,
  migrateToLatest,
  notify,
  startEmbeddedPostgres,
} from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { closeSandboxWorkers } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import { buildApp } from '../src/app.js';
import { wideTools } from '../test/fixtures.js';
import { startRunnerProcess } from './lib/runner-child.js';

const TARGET_HEALTHZ_MS = 50;
const HEAVY_BUILDS = 4;
const WIDE_TOOLS = 60;
/** Event-loop delay sampling interval; the histogram records whole intervals, so this is subtracted. */
const LOOP_RESOLUTION_MS = 5;

/** Also wide: 60 http tools whose schemas the validate step compiles (as an OpenAPI import's would be). */
const heavy = (slug: string): ServerSpec => ({
  name: 'Heavy',
  slug,
  description: 'burns CPU in the sandbox',
  secrets: [{ name: 'API_TOKEN', description: 'token', required: false }],
  tools: [
    ...wideTools(WIDE_TOOLS),
    {
      name: 'spin',
      description: 'Spins.',
      inputSchema: { type: 'object' },
      impl: {
        kind: 'code',
        source:
          'let warm = 0; for (let i = 0; i < 3e5; i++) warm += i;\nexport default async () => { for (;;) {} }',
      },
      examples: [
        { input: {}, expect: { isError: true, contains: 'CPU time limit' } },
        { input: { again: true }, expect: { isError: true, contains: 'CPU time limit' } },
      ],
    },
  ],
});
const light = (slug: string): ServerSpec => ({
  name: 'Light',
  slug,
  description: 'adds',
  secrets: [],
  tools: [
    {
      name: 'add',
      description: 'Adds.',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
      impl: { kind: 'code', source: 'export default async ({ a, b }) => ({ sum: a + b })' },
      examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }],
    },
  ],
});

/** Polls /healthz every 10 ms from a child process until told to stop; answers the latencies. */
const PROBE = `
let stop = false;
process.on('message', (m) => { if (m === 'stop') stop = true; });
(async () => {
  const latencies = [];
  while (!stop) {
    const t0 = performance.now();
    const res = await fetch(process.argv[1]);
    await res.text();
    latencies.push(res.status === 200 ? performance.now() - t0 : Infinity);
    await new Promise((r) => setTimeout(r, 10));
  }
  process.send(latencies, () => process.exit(0));
})();
`;

function startProbe(url: string): { stop(): Promise<number[]> } {
  const child = spawn(process.execPath, ['-e', PROBE, url], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<number[]>((resolve) => child.once('message', (m) => resolve(m as number[])));
  return {
    async stop() {
      child.send('stop');
      return await result;
    },
  };
}

async function enqueue(db: Db, orgId: string, userId: string, spec: ServerSpec): Promise<string> {
  const server = await db
    .insertInto('servers')
    .values({ org_id: orgId, slug: spec.slug, name: spec.slug, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('server_versions')
    .values({ server_id: server.id, version: 1, spec: JSON.stringify(spec) as never })
    .returning('id')
    .executeTakeFirstOrThrow();
  const build = await db
    .insertInto('builds')
    .values({ org_id: orgId, server_id: server.id, version_id: version.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await notify(db, Channels.buildEvent, { buildId: build.id, status: 'queued' });
  return build.id;
}

const loads = (avg: number[]) => avg.map((l) => l.toFixed(2)).join(' ');
const loopMs = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(1);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bmm-bench-builder-fairness-'));
const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort() });
const db = createDb(postgres.url, { max: 10 });
const logger = createLogger({ name: 'bench', level: 'silent' });
const masterKey = randomBytes(32);
const keyring = new Keyring({ version: 1, key: masterKey });
const loadBefore = os.loadavg();
let runner: Awaited<ReturnType<typeof startRunnerProcess>> | null = null;
let builder: Awaited<ReturnType<typeof buildApp>> | null = null;
try {
  await migrateToLatest(db);
  runner = await startRunnerProcess(postgres.url, masterKey);
  builder = await buildApp({
    db,
    logger,
    keyring,
    databaseUrl: postgres.url,
    runnerUrl: runner.url,
    webUrl: 'http://localhost:3000',
    builds: { concurrency: 2, orgConcurrency: 2, pollMs: 200 },
  });
  const builderUrl = await builder.listen({ port: 0, host: '127.0.0.1' });
  const user = await db
    .insertInto('users')
    .values({ email: 'bench@example.com', name: 'Bench', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [orgA, orgB] = await Promise.all(
    ['A', 'B'].map((name) =>
      db.insertInto('orgs').values({ name }).returning('id').executeTakeFirstOrThrow(),
    ),
  );
  // Warm-up: QuickJS in the sandbox workers, the runner's verify path.
  const warm = await enqueue(db, orgB!.id, user.id, light(`warm-${randomBytes(2).toString('hex')}`));
  for (;;) {
    const b = await db.selectFrom('builds').select('status').where('id', '=', warm).executeTakeFirstOrThrow();
    if (b.status !== 'queued' && b.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const probe = startProbe(`${builderUrl}/healthz`);
  await new Promise((r) => setTimeout(r, 300));
  const ids: string[] = [];
  for (let i = 0; i < HEAVY_BUILDS; i++)
    ids.push(await enqueue(db, orgA!.id, user.id, heavy(`heavy-${i}-${randomBytes(2).toString('hex')}`)));
  const other = await enqueue(db, orgB!.id, user.id, light(`light-${randomBytes(2).toString('hex')}`));
  ids.push(other);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const rows = await db.selectFrom('builds').select('status').where('id', 'in', ids).execute();
    if (rows.every((r) => r.status !== 'queued' && r.status !== 'running')) break;
    if (Date.now() > deadline) throw new Error('builds did not finish in 180 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const latencies = (await probe.stop()).sort((a, b) => a - b);
  loop.disable();
  const rows = await db
    .selectFrom('builds')
    .select(['id', 'org_id', 'status', 'error', 'created_at', 'started_at', 'finished_at'])
    .where('id', 'in', ids)
    .execute();
  for (const r of rows)
    if (r.status !== 'succeeded') throw new Error(`build ${r.id} ${r.status}: ${r.error}`);
  const durations = rows
    .filter((r) => r.org_id === orgA!.id)
    .map((r) => r.finished_at!.getTime() - r.started_at!.getTime())
    .sort((a, b) => a - b);
  const b = rows.find((r) => r.id === other)!;
  const waitMs = b.started_at!.getTime() - b.created_at.getTime();
  const slots = waitMs / pct(durations, 50);
  const max = latencies[latencies.length - 1]!;
  console.log(
    `${HEAVY_BUILDS} heavy builds of org A (${WIDE_TOOLS + 1} tools, 2 examples spinning 2 s each), then 1 light build of org B; ` +
      `2 build slots, ${os.cpus().length} CPUs, load average before ${loads(loadBefore)}, after ${loads(os.loadavg())}`,
  );
  console.log(
    `  /healthz during the builds (${latencies.length} probes from another process): p50 ${pct(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${pct(latencies, 99).toFixed(1)} ms, max ${max.toFixed(1)} ms (target < ${TARGET_HEALTHZ_MS} ms: ` +
      `${max < TARGET_HEALTHZ_MS ? 'met' : pct(latencies, 99) < TARGET_HEALTHZ_MS ? 'met at p99, not max' : 'missed'})`,
  );
  console.log(
    `  builder event-loop delay (beyond its ${LOOP_RESOLUTION_MS} ms sampling timer): p50 ${loopMs(loop.percentile(50))} ms, ` +
      `p99 ${loopMs(loop.percentile(99))} ms, max ${loopMs(loop.max)} ms`,
  );
  console.log(
    `  org B's build waited ${waitMs} ms to start = ${slots.toFixed(2)} of org A's builds (p50 ${pct(durations, 50)} ms) ` +
      `(target ≤ 1 slot: ${slots <= 1 ? 'met' : 'missed'})`,
  );
} finally {
  await builder?.close();
  await runner?.stop();
  await closeSandboxWorkers();
  await db.destroy();
  await postgres.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
