import { randomUUID } from 'node:crypto';
import { signTicket } from '@bmm/crypto';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { builderParts } from '../src/app.js';
import { calculatorSpec, enqueueBuild, logsOf, seedServer, testKeyring, waitForBuild } from './fixtures.js';
import { type BuilderHarness, startBuilder, WEB_URL } from './harness.js';

let t: TestDatabase;
let h: BuilderHarness;
const keyring = testKeyring();

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBuilder(t, keyring);
});
afterAll(async () => {
  await h?.close();
  await t.destroy();
});

/** A ticket as the api issues it: single use, held by a member of the build's org (unless given). */
async function ticket(buildId: string, holder?: { userId?: string; apiKeyId?: string }): Promise<string> {
  const member = await t.db
    .selectFrom('builds')
    .innerJoin('memberships', 'memberships.org_id', 'builds.org_id')
    .select('memberships.user_id')
    .where('builds.id', '=', buildId)
    .executeTakeFirst();
  const claims = { buildId, jti: randomUUID(), ...(holder ?? { userId: member?.user_id }) };
  return signTicket(keyring.deriveKey('build-log'), 'build-log', claims, 60);
}
const streamUrl = (buildId: string, tk: string, since?: number) =>
  `${h.builderUrl.replace(/^http/, 'ws')}/v1/builds/${buildId}/stream?ticket=${encodeURIComponent(tk)}${since === undefined ? '' : `&since=${since}`}`;

/** Collects every frame until the server closes the socket. */
function watch(url: string): Promise<{ frames: any[]; code: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: any[] = [];
    const timer = setTimeout(
      () => reject(new Error(`no close in time; got ${JSON.stringify(frames.slice(-3))}`)),
      15_000,
    );
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ frames, code });
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })),
      );
    });
    ws.on('error', (err) => {
      if (!(err as Error).message.includes('Unexpected server response')) reject(err);
    });
  });
}

const slowSpec = () => {
  const spec = calculatorSpec();
  spec.tools[0]!.impl = {
    kind: 'code',
    source:
      'export default async function (input) { const end = Date.now() + 150; while (Date.now() < end) {} return { sum: input.a + input.b }; }',
  };
  spec.tools[0]!.examples = Array.from({ length: 6 }, () => ({
    input: { a: 2, b: 3 },
    expect: { contains: '5' },
  }));
  return spec;
};

it('refuses a missing, forged or foreign ticket before the upgrade', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  const other = await enqueueBuild(t.db, s, calculatorSpec());
  await expect(watch(streamUrl(buildId, 'not-a-valid-ticket'))).rejects.toMatchObject({ status: 401 });
  const forged = signTicket(Buffer.alloc(32, 1), 'build-log', { buildId, userId: 'u1' }, 60);
  const err = await watch(streamUrl(buildId, forged)).catch((e) => e);
  expect(err.status).toBe(401);
  expect(JSON.parse(err.body)).toMatchObject({
    code: 'invalid_ticket',
    detail: expect.stringContaining('signature'),
  });
  await expect(watch(streamUrl(buildId, await ticket(other.buildId)))).rejects.toMatchObject({ status: 401 });
  const unknown = '00000000-0000-4000-8000-000000000000';
  const forUnknown = await ticket(unknown, { userId: s.userId });
  await expect(watch(streamUrl(unknown, forUnknown))).rejects.toMatchObject({ status: 401 });
  const res = await fetch(`${h.builderUrl}/v1/builds/${buildId}/stream`);
  expect(res.status).toBe(401);
  await waitForBuild(t.db, buildId);
  await waitForBuild(t.db, other.buildId);
});

it('replays a finished build: stored lines after since, step frames, then done', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  await waitForBuild(t.db, buildId);
  const stored = await logsOf(t.db, buildId);
  const { frames, code } = await watch(streamUrl(buildId, await ticket(buildId)));
  expect(code).toBe(1000);
  const logs = frames.filter((f) => f.type === 'log');
  expect(logs.map((f) => f.seq)).toEqual(stored.map((l) => l.seq));
  expect(logs[0]).toEqual({
    type: 'log',
    seq: 1,
    ts: stored[0]!.ts.toISOString(),
    level: 'info',
    step: null,
    message: stored[0]!.message,
  });
  const stepFrames = frames.filter((f) => f.type === 'step' && f.status !== 'running');
  expect(stepFrames.map((f) => `${f.step}:${f.status}`)).toEqual([
    'validate:succeeded',
    'compile:succeeded',
    'test:succeeded',
    'package:succeeded',
    'publish:succeeded',
    'deploy:succeeded',
    'verify:succeeded',
  ]);
  expect(stepFrames.every((f) => Number.isInteger(f.ms) && f.ms >= 0)).toBe(true);
  expect(frames.at(-1)).toEqual({ type: 'done', status: 'succeeded', version: 1, error: null });

  const later = await watch(streamUrl(buildId, await ticket(buildId), stored.length - 2));
  expect(later.frames.filter((f) => f.type === 'log').map((f) => f.seq)).toEqual([
    stored.length - 1,
    stored.length,
  ]);
  expect(later.frames.at(-1)).toMatchObject({ type: 'done', status: 'succeeded' });
});

it('streams a running build live to many watchers; a reconnecting watcher misses nothing', async () => {
  const s = await seedServer(t.db);
  await builderParts(h.builder).worker!.stop();
  const { buildId } = await enqueueBuild(t.db, s, slowSpec());
  const watchers = [
    watch(streamUrl(buildId, await ticket(buildId))),
    watch(streamUrl(buildId, await ticket(buildId))),
  ];
  // A third watcher drops after a few lines and reconnects with since = its last seq.
  const partial: any[] = [];
  const first = new WebSocket(streamUrl(buildId, await ticket(buildId)));
  first.on('message', (d) => {
    const f = JSON.parse(String(d));
    partial.push(f);
    if (f.type === 'log' && f.seq === 4) first.close();
  });
  await new Promise((r) => setTimeout(r, 200));
  await h.close();
  h = await startBuilder(t, keyring);
  const all = await Promise.all(watchers.map((w) => w.catch(() => null)));
  // Builder restart closed the first sockets; everything is still in the store.
  await waitForBuild(t.db, buildId);
  const stored = await logsOf(t.db, buildId);
  for (const result of all) {
    if (!result) continue;
    const seqs = result.frames.filter((f) => f.type === 'log').map((f) => f.seq);
    expect(seqs).toEqual(stored.slice(0, seqs.length).map((l) => l.seq));
  }
  const lastSeen = Math.max(0, ...partial.filter((f) => f.type === 'log').map((f) => f.seq));
  const resumed = await watch(streamUrl(buildId, await ticket(buildId), lastSeen));
  const resumedSeqs = resumed.frames.filter((f) => f.type === 'log').map((f) => f.seq);
  expect([...partial.filter((f) => f.type === 'log').map((f) => f.seq), ...resumedSeqs]).toEqual(
    stored.map((l) => l.seq),
  );
  expect(resumed.frames.at(-1)).toMatchObject({ type: 'done', status: 'succeeded' });
});

it('sends live lines and heartbeats to concurrent watchers of one build', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, slowSpec());
  const results = await Promise.all(
    [1, 2, 3].map(async () => watch(streamUrl(buildId, await ticket(buildId)))),
  );
  const stored = await logsOf(t.db, buildId);
  for (const { frames } of results) {
    expect(frames.filter((f) => f.type === 'log').map((f) => f.seq)).toEqual(stored.map((l) => l.seq));
    expect(frames.at(-1)).toMatchObject({ type: 'done', status: 'succeeded', version: 1 });
  }
  expect(results.some(({ frames }) => frames.some((f) => f.type === 'heartbeat'))).toBe(true);
  expect(builderParts(h.builder).hub.size).toBe(0);
});

/** The HTTP status of an upgrade request that is refused, or 101 when the socket opens. */
function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (err) => {
      if (!err.message.includes('Unexpected server response')) reject(err);
    });
  });
}

it('takes a ticket once: a replayed ticket is refused before the upgrade', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  const tk = await ticket(buildId);
  expect((await upgradeStatus(streamUrl(buildId, tk))).status).toBe(101);
  const replay = await upgradeStatus(streamUrl(buildId, tk));
  expect(replay.status).toBe(401);
  expect(JSON.parse(replay.body)).toMatchObject({
    code: 'invalid_ticket',
    detail: expect.stringContaining('already used'),
  });
  await waitForBuild(t.db, buildId);
});

it('honours a ticket only while its holder may still see the build', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  const stranger = await seedServer(t.db);
  const foreign = await upgradeStatus(streamUrl(buildId, await ticket(buildId, { userId: stranger.userId })));
  expect(foreign.status).toBe(401);
  expect(JSON.parse(foreign.body).detail).toContain('no longer belongs');

  // Issued while a member; the membership ends before the socket opens.
  const issued = await ticket(buildId, { userId: s.userId });
  await t.db.deleteFrom('memberships').where('user_id', '=', s.userId).execute();
  expect((await upgradeStatus(streamUrl(buildId, issued))).status).toBe(401);

  const key = await t.db
    .insertInto('api_keys')
    .values({ org_id: s.orgId, name: 'ci', display_prefix: 'bmm_x', key_hash: randomUUID() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const byKey = await ticket(buildId, { apiKeyId: key.id });
  await t.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', key.id).execute();
  expect((await upgradeStatus(streamUrl(buildId, byKey))).status).toBe(401);
  await t.db.updateTable('api_keys').set({ revoked_at: null }).where('id', '=', key.id).execute();
  expect((await upgradeStatus(streamUrl(buildId, await ticket(buildId, { apiKeyId: key.id })))).status).toBe(
    101,
  );
  await waitForBuild(t.db, buildId);
});

it('opens only from the web app: a page of another origin is refused', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  const evil = await upgradeStatus(streamUrl(buildId, await ticket(buildId)), {
    origin: 'https://evil.example',
  });
  expect(evil.status).toBe(403);
  expect(JSON.parse(evil.body)).toMatchObject({ code: 'origin_not_allowed' });
  const lookalike = await upgradeStatus(streamUrl(buildId, await ticket(buildId)), {
    origin: 'http://localhost:3000.evil.example',
  });
  expect(lookalike.status).toBe(403);
  const web = await upgradeStatus(streamUrl(buildId, await ticket(buildId)), { origin: WEB_URL });
  expect(web.status).toBe(101);
  await waitForBuild(t.db, buildId);
});
