import type { Db, OAuthRefreshTokenRow } from '@bmm/db';
import { type RawBuilder, sql } from 'kysely';
import { type ClientAuthCheck, clientAuthenticates } from '../clients/clients.repository.js';
import { grantStillValid } from '../grants/grants.repository.js';

/**
 * The refresh token, rotated when every check holds — authenticated client, this client's, not
 * rotated or revoked, unexpired, same resource, scopes covered, access still allowed — as the source
 * row of recordIssued. The grace answer is stored with it.
 */
export function rotateRefreshToken(input: {
  tokenHash: string;
  client: ClientAuthCheck;
  resource: string | null;
  scopes: string[];
  graceUntil: Date;
  graceResponse: string;
}): RawBuilder<unknown> {
  return sql`update oauth_refresh_tokens r
    set rotated_at = now(), grace_until = ${input.graceUntil}, grace_response = ${input.graceResponse}
    where r.token_hash = ${input.tokenHash} and r.client_id = ${input.client.clientId}
      and r.rotated_at is null and r.revoked_at is null and r.expires_at > now()
      and (${input.resource}::text is null or r.resource = ${input.resource})
      and ${input.scopes}::text[] <@ r.scopes
      and ${grantStillValid(sql`r.grant_id`)}
      and ${clientAuthenticates(input.client)}
    returning r.id, r.grant_id, r.family_id, r.user_id, r.resource, r.scopes`;
}

/** A refresh token checked step by step (and already marked rotated) as the source row of recordIssued. */
export function checkedRefreshToken(row: OAuthRefreshTokenRow, scopes: string[]): RawBuilder<unknown> {
  return sql`select ${row.id}::uuid as id, ${row.grant_id}::uuid as grant_id, ${row.family_id}::uuid as family_id,
    ${row.user_id}::uuid as user_id, ${row.resource}::text as resource, ${scopes}::text[] as scopes`;
}

export async function findRefreshToken(db: Db, tokenHash: string): Promise<OAuthRefreshTokenRow | undefined> {
  return await db
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The refresh token row, locked until the transaction ends. */
export async function lockRefreshToken(
  trx: Db,
  tokenHash: string,
): Promise<OAuthRefreshTokenRow | undefined> {
  return await trx
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** The token a rotation replaced `id` with. */
export async function findSuccessor(trx: Db, id: string): Promise<OAuthRefreshTokenRow | undefined> {
  return await trx
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('rotated_from', '=', id)
    .executeTakeFirst();
}

export async function markRotated(
  trx: Db,
  id: string,
  grace: { until: Date; response: string },
): Promise<void> {
  await trx
    .updateTable('oauth_refresh_tokens')
    .set({ rotated_at: sql`now()`, grace_until: grace.until, grace_response: grace.response })
    .where('id', '=', id)
    .execute();
}

/** Kills every refresh token of a family. */
export async function revokeFamilyRefreshTokens(trx: Db, familyId: string): Promise<void> {
  await trx
    .updateTable('oauth_refresh_tokens')
    .set({ revoked_at: sql`now()` })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}
