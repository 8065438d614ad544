import { sha256 } from '@bmm/crypto';
import type { Db, OAuthClientRow, OAuthRefreshTokenRow } from '@bmm/db';
import {
  formatScope,
  InvalidGrant,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  parseScope,
  scopesCovered,
  type TokenResponse,
} from '@bmm/oauth';
import type { ClientAuthCheck } from '../clients/clients.repository.js';
import type { AsContext } from '../context.js';
import { findLiveGrantHolder } from '../grants/grants.repository.js';
import { canUseServer } from '../interactions/access.js';
import { REFRESH_GRACE_MS } from '../lifetimes.js';
import { findLiveServerById } from '../servers/servers.repository.js';
import { signAccessToken } from './access-token.js';
import { type MintedTokens, mintTokens, tokenResponse, toRecord } from './issue.js';
import { recordIssued } from './issued-tokens.repository.js';
import {
  checkedRefreshToken,
  findSuccessor,
  lockRefreshToken,
  markRotated,
  rotateRefreshToken,
} from './refresh-tokens.repository.js';
import { revokeFamily } from './revocation.js';

type Form = Record<string, string | undefined>;
/** Grace answers are sealed to the rotated token's hash (known before the statement); earlier ones to its id. */
const graceAad = (tokenHash: string) => `oauth_refresh_grace:${tokenHash}`;
const legacyGraceAad = (refreshId: string) => `oauth_refresh_grace:${refreshId}`;

/** What a concurrent refresh of the same token gets back within the grace period: the same new pair. */
interface GraceAnswer {
  refresh_token: string;
  access: { jti: string; iat: number; exp: number };
}

function sealGrace(ctx: AsContext, tokenHash: string, minted: MintedTokens) {
  const answer: GraceAnswer = { refresh_token: minted.refreshToken, access: minted.access };
  return {
    until: new Date(Date.now() + REFRESH_GRACE_MS),
    response: ctx.keyring.encrypt(JSON.stringify(answer), graceAad(tokenHash)),
  };
}

function checkRefreshClient(row: OAuthRefreshTokenRow, client: OAuthClientRow): void {
  if (row.client_id !== client.client_id)
    throw new InvalidGrant('The refresh token was issued to another client.');
}
function checkRefreshLive(row: OAuthRefreshTokenRow): void {
  if (row.revoked_at) throw new InvalidGrant('The refresh token was revoked.');
  if (row.expires_at.getTime() <= Date.now())
    throw new InvalidGrant('The refresh token has expired; authorize again.');
}
function checkRefreshResource(row: OAuthRefreshTokenRow, resource: string | undefined): void {
  if (resource !== undefined && resource !== row.resource)
    throw new InvalidTarget('resource does not match the refresh token’s resource.');
}
function checkRefreshScope(row: OAuthRefreshTokenRow, scope: string | undefined): string[] {
  const requested = parseScope(scope);
  if (requested.length === 0) return row.scopes;
  if (!scopesCovered(requested, row.scopes))
    throw new InvalidScope('A refresh cannot widen the scope the user granted.');
  return requested;
}

/** The grant is live, its server still deployed, and the user still allowed to use it (org, allowlist). */
async function checkGrantStillValid(trx: Db, row: OAuthRefreshTokenRow): Promise<void> {
  const grant = await findLiveGrantHolder(trx, row.grant_id);
  if (!grant) throw new InvalidGrant('The grant was revoked; authorize again.');
  const server = await findLiveServerById(trx, grant.server_id);
  if (!server) throw new InvalidGrant('The server of this grant is no longer available.');
  const user = { id: grant.id, email: grant.email, emailVerified: grant.email_verified_at !== null };
  if (!(await canUseServer(trx, user, server)))
    throw new InvalidGrant('The user no longer has access to this server; authorize again.');
}

/**
 * grant_type=refresh_token, the common case in one round trip: the client authenticated, the token
 * rotated (this client's, live, same resource, scopes covered, access still allowed) and the new pair
 * recorded — one statement. Concurrent refreshes of one token serialize on its row: the first rotates
 * it, the others match nothing. Nothing matched: undefined, and exchangeRefreshToken finds out why.
 */
export async function refreshAtOnce(
  ctx: AsContext,
  client: ClientAuthCheck,
  body: Form,
): Promise<TokenResponse | undefined> {
  if (!body.refresh_token) return undefined;
  let scopes: string[];
  try {
    scopes = parseScope(body.scope);
  } catch {
    return undefined;
  }
  const tokenHash = sha256(body.refresh_token);
  const minted = mintTokens(ctx);
  const grace = sealGrace(ctx, tokenHash, minted);
  const source = rotateRefreshToken({
    tokenHash,
    client,
    resource: body.resource ?? null,
    scopes,
    graceUntil: grace.until,
    graceResponse: grace.response,
  });
  const issued = await recordIssued(
    ctx.db,
    source,
    toRecord(client.clientId, minted, { scopes, rotated: true }),
  );
  return issued && (await tokenResponse(ctx, client.clientId, issued, minted));
}

/** Within the grace period, while the successor is unused: the answer the first refresh got. */
async function graceAnswer(
  ctx: AsContext,
  trx: Db,
  row: OAuthRefreshTokenRow,
  client: OAuthClientRow,
): Promise<TokenResponse | null> {
  if (!row.grace_response || !row.grace_until || row.grace_until.getTime() <= Date.now()) return null;
  const successor = await findSuccessor(trx, row.id);
  if (!successor || successor.rotated_at || successor.revoked_at) return null;
  let sealed: string;
  try {
    sealed = ctx.keyring.decryptString(row.grace_response, graceAad(row.token_hash));
  } catch {
    // Sealed before the one-statement rotation: the whole response, bound to the row id.
    return JSON.parse(ctx.keyring.decryptString(row.grace_response, legacyGraceAad(row.id))) as TokenResponse;
  }
  const answer = JSON.parse(sealed) as GraceAnswer;
  const access = await signAccessToken(
    ctx,
    {
      userId: successor.user_id,
      clientId: client.client_id,
      resource: successor.resource,
      scopes: successor.scopes,
    },
    answer.access,
  );
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: ctx.config.accessTokenTtl,
    refresh_token: answer.refresh_token,
    scope: formatScope(successor.scopes),
  };
}

type StepOutcome = { response: TokenResponse } | { replayed: OAuthRefreshTokenRow };

async function rotateStepByStep(
  ctx: AsContext,
  trx: Db,
  client: OAuthClientRow,
  body: Form,
  tokenHash: string,
): Promise<StepOutcome> {
  const row = await lockRefreshToken(trx, tokenHash);
  if (!row) throw new InvalidGrant('The refresh token is invalid.');
  checkRefreshClient(row, client);
  if (row.revoked_at) throw new InvalidGrant('The refresh token was revoked.');
  if (row.rotated_at) {
    const grace = await graceAnswer(ctx, trx, row, client);
    return grace ? { response: grace } : { replayed: row };
  }
  checkRefreshLive(row);
  checkRefreshResource(row, body.resource);
  const scopes = checkRefreshScope(row, body.scope);
  await checkGrantStillValid(trx, row);
  const minted = mintTokens(ctx);
  await markRotated(trx, row.id, sealGrace(ctx, tokenHash, minted));
  const issued = await recordIssued(
    trx,
    checkedRefreshToken(row, scopes),
    toRecord(client.client_id, minted, { scopes, rotated: true }),
  );
  if (!issued) throw new Error('recording tokens for a locked, valid refresh token matched nothing');
  return { response: await tokenResponse(ctx, client.client_id, issued, minted) };
}

/**
 * grant_type=refresh_token when the one statement matched nothing: rotated already, or something is
 * off — checked step by step on the locked row. Replaying a rotated token kills the family, except
 * within 30 s when its successor is still unused: then the same new pair comes back, so two concurrent
 * refreshes by one client do not sign the user out.
 */
export async function exchangeRefreshToken(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Form,
): Promise<TokenResponse> {
  if (!body.refresh_token) throw new InvalidRequest('refresh_token is required.');
  const tokenHash = sha256(body.refresh_token);
  const outcome = await ctx.db
    .transaction()
    .execute((trx) => rotateStepByStep(ctx, trx, client, body, tokenHash));
  if ('response' in outcome) return outcome.response;
  await revokeFamily(ctx.db, outcome.replayed.family_id);
  ctx.metrics.refreshReuse();
  await ctx.audit.write({
    actor: { type: 'oauth_client', id: client.client_id },
    action: 'oauth.refresh_token.replayed',
    resource: { type: 'oauth_grant', id: outcome.replayed.grant_id },
    metadata: { client_id: client.client_id },
  });
  throw new InvalidGrant(
    'The refresh token was already used; the whole token family is revoked. Authorize again.',
  );
}
