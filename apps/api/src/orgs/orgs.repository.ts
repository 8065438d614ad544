import type { Database, Db } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

export function findOrg(db: Db, orgId: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'plan', 'created_at'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

export function insertOrg(db: Kysely<Database>, name: string, plan: string) {
  return db
    .insertInto('orgs')
    .values({ name, plan })
    .returning(['id', 'name', 'plan'])
    .executeTakeFirstOrThrow();
}

export async function renameOrg(db: Kysely<Database>, orgId: string, name: string) {
  await db.updateTable('orgs').set({ name, updated_at: sql<Date>`now()` }).where('id', '=', orgId).execute();
}

/** First day of the current month (UTC) as YYYY-MM-DD. */
export function monthStart(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

export async function orgCounts(db: Db, orgId: string) {
  const [calls, servers, secrets] = await Promise.all([
    db
      .selectFrom('usage_daily')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('calls'), sql<string>`0`).as('calls'))
      .where('org_id', '=', orgId)
      .where('day', '>=', monthStart())
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('servers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('server_secrets')
      .innerJoin('servers', 'servers.id', 'server_secrets.server_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('servers.org_id', '=', orgId)
      .where('servers.deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { toolCalls: Number(calls.calls), servers: Number(servers.n), encryptedSecrets: Number(secrets.n) };
}

/** The org's plan, with the org row locked so concurrent creates cannot both pass a plan limit. */
export async function lockOrgPlan(trx: Kysely<Database>, orgId: string): Promise<string> {
  const row = await trx
    .selectFrom('orgs')
    .select('plan')
    .where('id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
  return row?.plan ?? 'free';
}
