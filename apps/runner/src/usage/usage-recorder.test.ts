import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createDb } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UsageRecorder } from './usage-recorder.js';

// The recorder against a real Postgres reached through a TCP relay the test can cut, as a
// Postgres restart or failover cuts it.

let t: TestDatabase;
let orgId: string;
let serverId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  orgId = (await t.db.insertInto('orgs').values({ name: 'Usage' }).returning('id').executeTakeFirstOrThrow())
    .id;
  serverId = (
    await t.db
      .insertInto('servers')
      .values({ org_id: orgId, slug: `usage-${Date.now()}`, name: 'Usage', description: 'd' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t.destroy();
});

/** A relay to Postgres that can be cut (connections dropped, the port closed) and restored. */
async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** New connections are refused; Postgres ends the open ones, as when it shuts down. */
    async cut(terminate: () => Promise<unknown>) {
      const closed = new Promise<void>((r) => server.close(() => r()));
      await terminate();
      await closed;
    },
    async restore() {
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const event = (server = serverId) => ({
  orgId,
  serverId: server,
  tool: 'add',
  userId: null,
  clientId: null,
  status: 'ok' as const,
  durationMs: 1,
});

const countEvents = async (server = serverId) =>
  Number(
    (
      await t.db
        .selectFrom('usage_events')
        .where('server_id', '=', server)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

it('keeps a batch that failed because Postgres was unreachable and writes it once it is back', async () => {
  const url = new URL(t.url);
  const relay = await startRelay(new URL(t.url));
  url.port = String(relay.port);
  const db = createDb(url.toString(), { max: 2, applicationName: 'usage-relay-test' });
  const recorder = new UsageRecorder(db, createLogger({ name: 'test', level: 'silent' }), 60_000);
  try {
    recorder.record(event());
    await recorder.flush();
    expect(await countEvents()).toBe(1);

    await relay.cut(() =>
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'usage-relay-test'`.execute(
        t.db,
      ),
    );
    for (let i = 0; i < 5; i++) recorder.record(event());
    await recorder.flush(); // fails: the database is unreachable
    expect(await countEvents()).toBe(1);
    await relay.restore();
    recorder.record(event());
    await recorder.flush();
    expect(await countEvents()).toBe(7);
    const daily = await t.db
      .selectFrom('usage_daily')
      .where('server_id', '=', serverId)
      .select('calls')
      .execute();
    expect(daily.reduce((n, r) => n + Number(r.calls), 0)).toBe(7);
  } finally {
    await recorder.close();
    await db.destroy();
    await relay.close();
  }
});

it('drops a batch Postgres refuses (a deleted server) instead of retrying it forever', async () => {
  const db = createDb(t.url, { max: 1 });
  const recorder = new UsageRecorder(db, createLogger({ name: 'test', level: 'silent' }), 60_000);
  try {
    const gone = randomUUID();
    recorder.record(event(gone));
    await recorder.flush();
    recorder.record(event());
    await recorder.flush();
    expect(await countEvents(gone)).toBe(0);
    expect(await countEvents()).toBeGreaterThanOrEqual(8);
  } finally {
    await recorder.close();
    await db.destroy();
  }
});

it("stores a failed call's error, and none for a successful one", async () => {
  const recorder = new UsageRecorder(t.db, createLogger({ name: 'test', level: 'silent' }), 60_000);
  const server = (
    await t.db
      .insertInto('servers')
      .values({ org_id: orgId, slug: `errors-${Date.now()}`, name: 'Errors', description: 'd' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  recorder.record({ ...event(server), status: 'error', error: 'Upstream answered HTTP 503.' });
  recorder.record({ ...event(server), error: 'ignored: the call succeeded' });
  await recorder.flush();
  const rows = await t.db
    .selectFrom('usage_events')
    .select(['status', 'error'])
    .where('server_id', '=', server)
    .orderBy('id')
    .execute();
  expect(rows).toEqual([
    { status: 'error', error: 'Upstream answered HTTP 503.' },
    { status: 'ok', error: null },
  ]);
});
