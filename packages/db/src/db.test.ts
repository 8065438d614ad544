import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Channels, checkReadiness, notify, PgListener } from './index.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('test database', () => {
  it('is migrated and ready', async () => {
    expect(await checkReadiness(t.db)).toEqual({ ok: true, database: 'up', pendingMigrations: [] });
  });

  it('enforces the schema (unique slugs, role check)', async () => {
    const org = await t.db.insertInto('orgs').values({ name: 'A' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('servers').values({ org_id: org.id, slug: 'same', name: 'x' }).execute();
    await expect(
      t.db.insertInto('servers').values({ org_id: org.id, slug: 'same', name: 'y' }).execute(),
    ).rejects.toThrow(/duplicate key/);
    const user = await t.db
      .insertInto('users')
      .values({ email: 'a@b.c', name: 'A', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('memberships')
        .values({ org_id: org.id, user_id: user.id, role: 'god' as never })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('delivers NOTIFY to a listener', async () => {
    const listener = new PgListener(t.url);
    const got = new Promise((resolve) => listener.on(Channels.serverChanged, resolve));
    await listener.start();
    await notify(t.db, Channels.serverChanged, { serverId: 's1', slug: 'x' });
    expect(await got).toEqual({ serverId: 's1', slug: 'x' });
    await listener.close();
  });
});

describe('readiness', () => {
  it('reports a database that is down', async () => {
    const { createDb } = await import('./db.js');
    const down = createDb('postgres://postgres:x@127.0.0.1:1/none', { max: 1 });
    expect(await checkReadiness(down)).toEqual({ ok: false, database: 'down', pendingMigrations: [] });
    await down.destroy();
  });
});

describe('createDb', () => {
  it('runs statements marked PREPARED as named prepared statements, one per text, the rest unnamed', async () => {
    const { PREPARED } = await import('./index.js');
    const { sql } = await import('kysely');
    await t.db.transaction().execute(async (trx) => {
      const add = (n: number) =>
        sql<{ n: number }>`${sql.raw(PREPARED)} select ${n}::int + 1 as n`.execute(trx);
      expect((await add(41)).rows).toEqual([{ n: 42 }]);
      expect((await add(1)).rows).toEqual([{ n: 2 }]);
      await sql`select ${5}::int as unmarked`.execute(trx);
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        trx,
      );
      expect(prepared.rows.map((r) => r.statement)).toEqual([`${PREPARED} select $1::int + 1 as n`]);
    });
  });

  it('survives its connection dying while a transaction holds it (Postgres restarting)', async () => {
    const { createDb } = await import('./index.js');
    const { sql } = await import('kysely');
    const db = createDb(t.url, { max: 2, applicationName: 'bmm-dying-connection' });
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      // Between two statements of a transaction the client is checked out of the pool and has no
      // query running: Postgres ending the connection then (as on a restart) emits 'error' on it.
      const tx = db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'bmm-dying-connection' and pid <> pg_backend_pid()`.execute(
          t.db,
        );
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 2`.execute(trx);
      });
      await expect(tx).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
      // The pool replaced the dead connection.
      expect((await sql<{ n: number }>`select 3 as n`.execute(db)).rows[0]?.n).toBe(3);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.destroy();
    }
  });
});
