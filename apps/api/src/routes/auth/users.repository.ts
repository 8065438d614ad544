import type { Database, Db, Role } from '@bmm/db';
import type { Kysely } from 'kysely';

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

export function insertOrg(db: Kysely<Database>, name: string, plan: string) {
  return db
    .insertInto('orgs')
    .values({ name, plan })
    .returning(['id', 'name', 'plan'])
    .executeTakeFirstOrThrow();
}

export async function insertMembership(db: Kysely<Database>, orgId: string, userId: string, role: Role) {
  await db.insertInto('memberships').values({ org_id: orgId, user_id: userId, role }).execute();
}

export async function insertSession(
  db: Kysely<Database>,
  session: {
    userId: string;
    tokenHash: string;
    activeOrgId: string | null;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      user_id: session.userId,
      token_hash: session.tokenHash,
      active_org_id: session.activeOrgId,
      ip: session.ip,
      user_agent: session.userAgent,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string) {
  return db
    .deleteFrom('sessions')
    .where('token_hash', '=', tokenHash)
    .returning(['user_id'])
    .executeTakeFirst();
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
