import { createHash } from 'node:crypto';
import { sha256 } from '@bmm/crypto';
import type { OAuthClientRow, OAuthCodeRow } from '@bmm/db';
import { InvalidGrant, InvalidRequest, InvalidTarget, type TokenResponse } from '@bmm/oauth';
import { sql } from 'kysely';
import { checkPkceVerifier, PKCE_VERIFIER } from '../checks/check-pkce.js';
import type { AsContext } from '../context.js';
import { revokeFamily } from './family.js';
import { type IssuedFor, type MintedTokens, mintTokens, recordIssued, tokenResponse } from './issue.js';

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

/**
 * The common case in one statement: the code is consumed (unused, this client's, unexpired, same
 * redirect_uri, PKCE verifier, resource, live grant) and the tokens recorded together. Nothing
 * matched: undefined, and the caller finds out why.
 */
async function consumeCodeAtOnce(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Body,
  codeHash: string,
  minted: MintedTokens,
): Promise<IssuedFor | undefined> {
  const verifier = body.code_verifier;
  if (body.redirect_uri === undefined || !verifier || !PKCE_VERIFIER.test(verifier)) return undefined;
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return await recordIssued(
    ctx.db,
    sql`update oauth_codes c set used_at = now()
      where c.code_hash = ${codeHash} and c.used_at is null and c.client_id = ${client.client_id}
        and c.expires_at > now() and c.redirect_uri = ${body.redirect_uri}
        and c.code_challenge = ${challenge}
        and (${body.resource ?? null}::text is null or c.resource = ${body.resource ?? null})
        and exists (select 1 from oauth_grants g where g.id = c.grant_id and g.revoked_at is null)
      returning c.grant_id, c.family_id, c.user_id, c.resource, c.scopes`,
    { clientId: client.client_id, minted, scopes: [], rotated: false },
  );
}

/** grant_type=authorization_code. A replayed code revokes every token issued from it. */
export async function exchangeAuthorizationCode(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Body,
): Promise<TokenResponse> {
  if (!body.code) throw new InvalidRequest('code is required.');
  const codeHash = sha256(body.code);
  const minted = mintTokens(ctx);
  const issued = await consumeCodeAtOnce(ctx, client, body, codeHash, minted);
  if (issued) return await tokenResponse(ctx, client.client_id, issued, minted);
  // Something is off (or a concurrent exchange got there first): check it step by step, locked.
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
    const recorded = await recordIssued(
      trx,
      sql`select ${code.grant_id}::uuid as grant_id, ${code.family_id}::uuid as family_id,
        ${code.user_id}::uuid as user_id, ${code.resource}::text as resource, ${code.scopes}::text[] as scopes`,
      { clientId: client.client_id, minted, scopes: [], rotated: false },
    );
    return { issued: recorded } as const;
  });
  if ('replayed' in outcome && outcome.replayed) {
    await revokeFamily(ctx.db, outcome.replayed.family_id);
    await ctx.audit.write({
      actor: { type: 'oauth_client', id: client.client_id },
      action: 'oauth.code.replayed',
      resource: { type: 'oauth_grant', id: outcome.replayed.grant_id },
      metadata: { client_id: client.client_id },
    });
    throw new InvalidGrant('The authorization code was already used; every token issued from it is revoked.');
  }
  if (!outcome.issued) throw new Error('recording tokens for a locked, valid code matched nothing');
  return await tokenResponse(ctx, client.client_id, outcome.issued, minted);
}
