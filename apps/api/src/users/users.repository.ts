import type { Database, Db } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function insertUser(
  db: Kysely<Database>,
  user: { email: string; name: string; passwordHash: string },
) {
  return db
    .insertInto('users')
    .values({ email: user.email, name: user.name, password_hash: user.passwordHash })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
}

export function userOrgs(db: Db, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select(['orgs.id', 'orgs.name', 'orgs.plan', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('orgs.id')
    .execute();
}

export function findUser(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at', 'email_verified_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks the address verified while it is still the account's (a link for an old address proves nothing). */
export async function markEmailVerified(db: Kysely<Database>, userId: string, email: string) {
  return db
    .updateTable('users')
    .set({ email_verified_at: sql<Date>`coalesce(email_verified_at, now())` })
    .where('id', '=', userId)
    .where('email', '=', email)
    .returning(['id', 'email'])
    .executeTakeFirst();
}
