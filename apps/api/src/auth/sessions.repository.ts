import type { Database, Db } from '@bmm/db';
import type { Kysely } from 'kysely';

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
