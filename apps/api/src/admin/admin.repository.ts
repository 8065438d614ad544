import type { Database, Db } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

/** Serializes "is this the first account?" across concurrent sign-ups (any constant works). */
const FIRST_ACCOUNT_LOCK = 7_310_214;

/**
 * Makes `userId` an instance admin when it is the only account of the install (a fresh install's
 * first sign-up). The advisory lock makes a second concurrent sign-up wait, and its statement then
 * sees the first account committed, so exactly one account is promoted.
 */
export async function promoteIfFirstAccount(trx: Kysely<Database>, userId: string): Promise<boolean> {
  const other = await trx
    .selectFrom('users')
    .select('id')
    .where('id', '<>', userId)
    .limit(1)
    .executeTakeFirst();
  if (other) return false;
  await sql`select pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK})`.execute(trx);
  const promoted = await trx
    .updateTable('users')
    .set({ instance_admin: true })
    .where('id', '=', userId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('users as u').select('u.id').where('u.id', '<>', userId))),
    )
    .returning('id')
    .executeTakeFirst();
  return promoted !== undefined;
}

export function findAdminCandidate(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['email', 'email_verified_at', 'instance_admin'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export interface OrgUsageRow {
  id: string;
  name: string;
  plan: string;
  created_at: Date;
  members: string;
  servers: string;
  calls: string;
  owner_email: string | null;
}

/** Every org (name or owner email matching `q`), newest first, with this month's usage. */
export async function listOrgsWithUsage(
  db: Db,
  options: { monthStart: string; q?: string; limit: number; offset: number },
): Promise<{ total: number; rows: OrgUsageRow[] }> {
  let base = db.selectFrom('orgs');
  if (options.q) {
    const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where(({ or, eb, exists, selectFrom }) =>
      or([
        eb('orgs.name', 'ilike', like),
        exists(
          selectFrom('memberships as m')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .select('m.user_id')
            .whereRef('m.org_id', '=', 'orgs.id')
            .where('u.email', 'ilike', like),
        ),
      ]),
    ) as typeof base;
  }
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['orgs.id', 'orgs.name', 'orgs.plan', 'orgs.created_at'])
      .select((eb) => [
        eb
          .selectFrom('memberships')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('memberships.org_id', '=', 'orgs.id')
          .as('members'),
        eb
          .selectFrom('servers')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('servers.org_id', '=', 'orgs.id')
          .where('servers.deleted_at', 'is', null)
          .as('servers'),
        eb
          .selectFrom('usage_daily')
          .select((e) => e.fn.coalesce(e.fn.sum<string>('calls'), sql<string>`0`).as('n'))
          .whereRef('usage_daily.org_id', '=', 'orgs.id')
          .where('usage_daily.day', '>=', options.monthStart)
          .as('calls'),
        eb
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select('users.email')
          .whereRef('memberships.org_id', '=', 'orgs.id')
          .where('memberships.role', '=', 'owner')
          .orderBy('memberships.created_at')
          .limit(1)
          .as('owner_email'),
      ])
      .orderBy('orgs.created_at', 'desc')
      .orderBy('orgs.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
  ]);
  return { total: Number(count.n), rows: rows as unknown as OrgUsageRow[] };
}

/** Sets an org's plan; returns the plan it had, or undefined when there is no such org. */
export async function setOrgPlan(trx: Kysely<Database>, orgId: string, plan: string) {
  const before = await trx
    .selectFrom('orgs')
    .select(['plan', 'name'])
    .where('id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return undefined;
  if (before.plan !== plan) {
    await trx
      .updateTable('orgs')
      .set({ plan, updated_at: sql<Date>`now()` })
      .where('id', '=', orgId)
      .execute();
  }
  return before;
}
