import { sha256 } from '@bmm/crypto';
import type { OAuthClientRow, OAuthCodeRow } from '@bmm/db';
import { InvalidGrant, InvalidRequest, InvalidTarget, type TokenResponse } from '@bmm/oauth';
import { sql } from 'kysely';
import { checkPkceVerifier } from '../checks/check-pkce.js';
import type { AsContext } from '../context.js';
import { audit } from '../lib/audit.js';
import { revokeFamily } from './family.js';
import { issueTokens } from './issue.js';

type Body = Record<string, string | undefined>;

function checkCodeClient(code: OAuthCodeRow, client: OAuthClientRow): void {
  if (code.client_id !== client.client_id)
    throw new InvalidGrant('The authorization code was issued to another client.');
}
function checkCodeExpiry(code: OAuthCodeRow): void {
  if (code.expires_at.getTime() <= Date.now())
    throw new InvalidGrant('The authorization code has expired; authorize again.');
}
function checkCodeRedirectUri(code: OAuthCodeRow, redirectUri: string | undefined): void {
  if (redirectUri === undefined)
    throw new InvalidRequest('redirect_uri is required: the one used at /authorize.');
  if (redirectUri !== code.redirect_uri)
    throw new InvalidGrant('redirect_uri does not match the one used at /authorize.');
}
function checkCodeResource(code: OAuthCodeRow, resource: string | undefined): void {
  if (resource !== undefined && resource !== code.resource)
    throw new InvalidTarget('resource does not match the one the user authorized.');
}

/** grant_type=authorization_code. A replayed code revokes every token issued from it. */
export async function exchangeAuthorizationCode(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Body,
): Promise<TokenResponse> {
  if (!body.code) throw new InvalidRequest('code is required.');
  const codeHash = sha256(body.code);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const code = await trx
      .selectFrom('oauth_codes')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .forUpdate()
      .executeTakeFirst();
    if (!code) throw new InvalidGrant('The authorization code is invalid.');
    if (code.used_at) return { replayed: code } as const;
    checkCodeClient(code, client);
    checkCodeExpiry(code);
    checkCodeRedirectUri(code, body.redirect_uri);
    checkPkceVerifier(body.code_verifier, code.code_challenge);
    checkCodeResource(code, body.resource);
    await trx
      .updateTable('oauth_codes')
      .set({ used_at: sql`now()` })
      .where('code_hash', '=', codeHash)
      .execute();
    const grant = await trx
      .selectFrom('oauth_grants')
      .select('id')
      .where('id', '=', code.grant_id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!grant) throw new InvalidGrant('The grant behind this code was revoked.');
    const { response } = await issueTokens(trx, ctx, {
      grantId: code.grant_id,
      familyId: code.family_id,
      clientId: client.client_id,
      userId: code.user_id,
      resource: code.resource,
      scopes: code.scopes,
    });
    return { response } as const;
  });
  if ('replayed' in outcome && outcome.replayed) {
    await revokeFamily(ctx.db, outcome.replayed.family_id);
    await audit(ctx.db, {
      actor: { type: 'oauth_client', id: client.client_id },
      action: 'oauth.code.replayed',
      resource: { type: 'oauth_grant', id: outcome.replayed.grant_id },
      metadata: { client_id: client.client_id },
    });
    throw new InvalidGrant('The authorization code was already used; every token issued from it is revoked.');
  }
  return outcome.response as TokenResponse;
}
