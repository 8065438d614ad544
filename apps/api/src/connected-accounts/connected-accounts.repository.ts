import type { Db } from '@bmm/db';

/** A person's upstream tokens (never their values) with the server each was connected through. */
export function listConnectedAccounts(db: Db, userId: string) {
  return db
    .selectFrom('upstream_tokens as t')
    .innerJoin('servers as s', 's.id', 't.server_id')
    .leftJoin('server_versions as v', 'v.id', 's.current_version_id')
    .select([
      't.id',
      't.server_id',
      't.upstream_id',
      't.account_label',
      't.scopes',
      't.created_at',
      't.expires_at',
      't.revoked_at',
      's.name as server_name',
      's.slug as server_slug',
      'v.artifact',
      'v.spec',
    ])
    .where('t.user_id', '=', userId)
    .where('s.deleted_at', 'is', null)
    .orderBy('t.created_at', 'desc')
    .execute();
}

/** One of the person's upstream tokens, with the org of its server (for the audit event). */
export function findConnectedAccount(db: Db, userId: string, id: string) {
  return db
    .selectFrom('upstream_tokens as t')
    .innerJoin('servers as s', 's.id', 't.server_id')
    .select(['t.id', 's.org_id'])
    .where('t.id', '=', id)
    .where('t.user_id', '=', userId)
    .executeTakeFirst();
}
