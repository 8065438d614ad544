import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Name of the session cookie set by the API and read by the OAuth server's interaction API. */
export const SESSION_COOKIE = 'bmm_session';
/** Sessions slide: every use pushes expiry this far out. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  sessionId: string;
  activeOrgId: string | null;
  user: { id: string; email: string; name: string; emailVerified: boolean };
}

/**
 * The signed-in user behind a session token hash (sha256 of the cookie value), if the session
 * exists and has not expired. Both the API and oauth-as recognize people through this one query.
 */
export async function findSessionUser(db: Kysely<Database>, tokenHash: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.active_org_id',
      'users.id',
      'users.email',
      'users.name',
      'users.email_verified_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return null;
  return {
    sessionId: row.sessionId,
    activeOrgId: row.active_org_id,
    user: { id: row.id, email: row.email, name: row.name, emailVerified: row.email_verified_at !== null },
  };
}
