import type { Db, OAuthCodeRow } from '@bmm/db';
import { type RawBuilder, sql } from 'kysely';
import { type ClientAuthCheck, clientAuthenticates } from '../clients/clients.repository.js';

/**
 * The code, consumed when every check holds — authenticated client, unused, this client's, unexpired,
 * same redirect_uri and PKCE challenge, resource, live grant — as the source row of recordIssued.
 */
export function consumeCode(input: {
  codeHash: string;
  client: ClientAuthCheck;
  redirectUri: string;
  codeChallenge: string;
  resource: string | null;
}): RawBuilder<unknown> {
  return sql`update oauth_codes c set used_at = now()
    where c.code_hash = ${input.codeHash} and c.used_at is null and c.client_id = ${input.client.clientId}
      and c.expires_at > now() and c.redirect_uri = ${input.redirectUri}
      and c.code_challenge = ${input.codeChallenge}
      and (${input.resource}::text is null or c.resource = ${input.resource})
      and exists (select 1 from oauth_grants g where g.id = c.grant_id and g.revoked_at is null)
      and ${clientAuthenticates(input.client)}
    returning c.grant_id, c.family_id, c.user_id, c.resource, c.scopes`;
}

/** A code checked step by step (and already marked used) as the source row of recordIssued. */
export function checkedCode(code: OAuthCodeRow): RawBuilder<unknown> {
  return sql`select ${code.grant_id}::uuid as grant_id, ${code.family_id}::uuid as family_id,
    ${code.user_id}::uuid as user_id, ${code.resource}::text as resource, ${code.scopes}::text[] as scopes`;
}

/** The code row, locked until the transaction ends. */
export async function lockCode(trx: Db, codeHash: string): Promise<OAuthCodeRow | undefined> {
  return await trx
    .selectFrom('oauth_codes')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markCodeUsed(trx: Db, codeHash: string): Promise<void> {
  await trx
    .updateTable('oauth_codes')
    .set({ used_at: sql`now()` })
    .where('code_hash', '=', codeHash)
    .execute();
}
