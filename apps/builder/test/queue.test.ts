import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimBuild, finishBuild, heartbeat, releaseBuild } from '../src/builds/builds.repository.js';
import { calculatorSpec, enqueueBuild, seedServer } from './fixtures.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

it('hands each queued build to exactly one of many concurrent claimers, oldest first', async () => {
  const s = await seedServer(t.db);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await enqueueBuild(t.db, s, calculatorSpec())).buildId);
  const claims = await Promise.all(
    Array.from({ length: 10 }, (_, i) => claimBuild(t.db, `w${i % 3}`, 15_000)),
  );
  const claimed = claims.filter((c) => c !== null).map((c) => c!.id);
  expect(claimed).toHaveLength(6);
  expect(new Set(claimed)).toEqual(new Set(ids));
  const rows = await t.db
    .selectFrom('builds')
    .select(['status', 'attempts', 'worker_id'])
    .where('id', 'in', ids)
    .execute();
  expect(rows.every((r) => r.status === 'running' && r.attempts === 1 && r.worker_id)).toBe(true);
  expect(await claimBuild(t.db, 'late', 15_000)).toBeNull();
  for (const id of ids)
    await t.db.updateTable('builds').set({ status: 'failed' }).where('id', '=', id).execute();
});

it('reclaims a running build whose heartbeat is stale, never a live one', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  expect((await claimBuild(t.db, 'dead-worker', 15_000))?.id).toBe(buildId);
  expect(await claimBuild(t.db, 'other', 15_000)).toBeNull();
  await t.db
    .updateTable('builds')
    .set({ heartbeat_at: sql<Date>`now() - interval '20 seconds'` })
    .where('id', '=', buildId)
    .execute();
  const reclaimed = await claimBuild(t.db, 'other', 15_000);
  expect(reclaimed).toMatchObject({ id: buildId, attempts: 2 });
  // The dead worker lost the build: its heartbeat and final status do nothing.
  expect(await heartbeat(t.db, buildId, 'dead-worker')).toBeNull();
  expect(await finishBuild(t.db, buildId, 'dead-worker', 'failed', 'x')).toBe(false);
  expect(await heartbeat(t.db, buildId, 'other')).toEqual({ cancelRequested: false });
  expect(await finishBuild(t.db, buildId, 'other', 'succeeded', null)).toBe(true);
  expect(await finishBuild(t.db, buildId, 'other', 'failed', null)).toBe(false);
});

it('gives a released build back to the queue at once', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
  await claimBuild(t.db, 'a', 15_000);
  expect(await releaseBuild(t.db, buildId, 'a')).toBe(true);
  expect(await claimBuild(t.db, 'b', 15_000)).toMatchObject({ id: buildId, attempts: 2 });
  await finishBuild(t.db, buildId, 'b', 'canceled', null);
});

it("claims fairly across orgs: another org's build goes next, and an org waits at its running cap", async () => {
  const a = await seedServer(t.db);
  const b = await seedServer(t.db);
  const backlog: string[] = [];
  for (let i = 0; i < 3; i++) backlog.push((await enqueueBuild(t.db, a, calculatorSpec())).buildId);
  const late = (await enqueueBuild(t.db, b, calculatorSpec())).buildId;
  const claim = () => claimBuild(t.db, 'fair', 15_000, 2);
  // Org A's oldest build first; then org B's (no build running) before A's backlog.
  expect((await claim())?.id).toBe(backlog[0]);
  expect((await claim())?.id).toBe(late);
  expect((await claim())?.id).toBe(backlog[1]);
  // Org A runs 2 = its cap: its third build waits although a slot is asked for.
  expect(await claim()).toBeNull();
  expect(await finishBuild(t.db, backlog[0]!, 'fair', 'succeeded', null)).toBe(true);
  expect((await claim())?.id).toBe(backlog[2]);
  for (const id of [late, backlog[1]!, backlog[2]!]) await finishBuild(t.db, id, 'fair', 'succeeded', null);
});

it('keeps the cap when builders claim at once', async () => {
  const a = await seedServer(t.db);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await enqueueBuild(t.db, a, calculatorSpec())).buildId);
  const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => claimBuild(t.db, `w${i}`, 15_000, 2)));
  expect(claims.filter((c) => c !== null)).toHaveLength(2);
  await t.db.updateTable('builds').set({ status: 'failed' }).where('id', 'in', ids).execute();
});
