import { createHash } from 'node:crypto';
import { sha256 } from '@bmm/crypto';
import type { Db, OAuthClientRow, OAuthCodeRow } from '@bmm/db';
import { InvalidGrant, InvalidRequest, InvalidTarget, type TokenResponse } from '@bmm/oauth';
import { checkPkceVerifier, PKCE_VERIFIER } from '../checks/check-pkce.js';
import type { ClientAuthCheck } from '../clients/clients.repository.js';
import type { AsContext } from '../context.js';
import { isGrantLive } from '../grants/grants.repository.js';
import { checkedCode, consumeCode, lockCode, markCodeUsed } from './codes.repository.js';
import { type MintedTokens, mintTokens, tokenResponse, toRecord } from './issue.js';
import { type IssuedFor, recordIssued } from './issued-tokens.repository.js';
import { revokeFamily } from './revocation.js';

type Form = Record<string, string | undefined>;

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
 * grant_type=authorization_code, the common case in one round trip: the client authenticated, the
 * code consumed with every check, the tokens recorded — one statement. Nothing matched: undefined,
 * and exchangeAuthorizationCode finds out why.
 */
export async function exchangeCodeAtOnce(
  ctx: AsContext,
  client: ClientAuthCheck,
  body: Form,
): Promise<TokenResponse | undefined> {
  const verifier = body.code_verifier;
  if (!body.code || body.redirect_uri === undefined || !verifier || !PKCE_VERIFIER.test(verifier))
    return undefined;
  const minted = mintTokens(ctx);
  const source = consumeCode({
    codeHash: sha256(body.code),
    client,
    redirectUri: body.redirect_uri,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    resource: body.resource ?? null,
  });
  const issued = await recordIssued(
    ctx.db,
    source,
    toRecord(client.clientId, minted, { scopes: [], rotated: false }),
  );
  return issued && (await tokenResponse(ctx, client.clientId, issued, minted));
}

type StepOutcome = { issued: IssuedFor } | { replayed: OAuthCodeRow };

async function consumeStepByStep(
  trx: Db,
  client: OAuthClientRow,
  body: Form,
  codeHash: string,
  minted: MintedTokens,
): Promise<StepOutcome> {
  const code = await lockCode(trx, codeHash);
  if (!code) throw new InvalidGrant('The authorization code is invalid.');
  if (code.used_at) return { replayed: code };
  checkCodeClient(code, client);
  checkCodeExpiry(code);
  checkCodeRedirectUri(code, body.redirect_uri);
  checkPkceVerifier(body.code_verifier, code.code_challenge);
  checkCodeResource(code, body.resource);
  await markCodeUsed(trx, codeHash);
  if (!(await isGrantLive(trx, code.grant_id)))
    throw new InvalidGrant('The grant behind this code was revoked.');
  const issued = await recordIssued(
    trx,
    checkedCode(code),
    toRecord(client.client_id, minted, { scopes: [], rotated: false }),
  );
  if (!issued) throw new Error('recording tokens for a locked, valid code matched nothing');
  return { issued };
}

/**
 * grant_type=authorization_code when the one statement matched nothing: every check step by step on
 * the locked code, for the precise error. A replayed code revokes every token issued from it.
 */
export async function exchangeAuthorizationCode(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Form,
): Promise<TokenResponse> {
  if (!body.code) throw new InvalidRequest('code is required.');
  const codeHash = sha256(body.code);
  const minted = mintTokens(ctx);
  const outcome = await ctx.db
    .transaction()
    .execute((trx) => consumeStepByStep(trx, client, body, codeHash, minted));
  if ('replayed' in outcome) {
    await revokeFamily(ctx.db, outcome.replayed.family_id);
    await ctx.audit.write({
      actor: { type: 'oauth_client', id: client.client_id },
      action: 'oauth.code.replayed',
      resource: { type: 'oauth_grant', id: outcome.replayed.grant_id },
      metadata: { client_id: client.client_id },
    });
    throw new InvalidGrant('The authorization code was already used; every token issued from it is revoked.');
  }
  return await tokenResponse(ctx, client.client_id, outcome.issued, minted);
}
