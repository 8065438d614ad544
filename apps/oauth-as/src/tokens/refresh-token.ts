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
import { sql } from 'kysely';
import { findLiveServerById } from '../checks/check-resource.js';
import type { AsContext } from '../context.js';
import { canUseServer } from '../interactions/access.js';
import { REFRESH_GRACE_MS } from '../lifetimes.js';
import { signAccessToken } from './access-token.js';
import { revokeFamily } from './family.js';
import { type IssuedFor, type MintedTokens, mintTokens, recordIssued, tokenResponse } from './issue.js';

type Body = Record<string, string | undefined>;
/** Grace answers are sealed to the rotated token's hash (known before the statement); earlier ones to its id. */
const graceAad = (tokenHash: string) => `oauth_refresh_grace:${tokenHash}`;
const legacyGraceAad = (refreshId: string) => `oauth_refresh_grace:${refreshId}`;

/** What a concurrent refresh of the same token gets back within the grace period: the same new pair. */
interface GraceAnswer {
  refresh_token: string;
  access: { jti: string; iat: number; exp: number };
}

function sealGrace(ctx: AsContext, tokenHash: string, minted: MintedTokens): string {
  const answer: GraceAnswer = { refresh_token: minted.refreshToken, access: minted.access };
  return ctx.keyring.encrypt(JSON.stringify(answer), graceAad(tokenHash));
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
  const grant = await trx
    .selectFrom('oauth_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.server_id', 'u.id', 'u.email', 'u.email_verified_at'])
    .where('g.id', '=', row.grant_id)
    .where('g.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!grant) throw new InvalidGrant('The grant was revoked; authorize again.');
  const server = await findLiveServerById(trx, grant.server_id);
  if (!server) throw new InvalidGrant('The server of this grant is no longer available.');
  const user = { id: grant.id, email: grant.email, emailVerified: grant.email_verified_at !== null };
  if (!(await canUseServer(trx, user, server)))
    throw new InvalidGrant('The user no longer has access to this server; authorize again.');
}

/** Access still allowed, in SQL: the grant is live, its server deployed, and the user may use it (canUseServer). */
const GRANT_STILL_VALID = sql`exists (
  select 1 from oauth_grants g
    join users u on u.id = g.user_id
    join servers s on s.id = g.server_id and s.deleted_at is null
    join orgs o on o.id = s.org_id
    join server_versions v on v.id = s.current_version_id
  where g.id = r.grant_id and g.revoked_at is null
    and (s.visibility = 'public'
      or (s.visibility = 'allowlist' and u.email_verified_at is not null
        and lower(u.email) in (select lower(t.e) from unnest(s.allowlist) as t(e)))
      or exists (select 1 from memberships m where m.org_id = s.org_id and m.user_id = u.id)))`;

/**
 * The common case in one statement: the token is rotated (this client's, live, same resource, scopes
 * covered, access still allowed) and the new pair recorded together. Concurrent refreshes of one token
 * serialize on its row: the first rotates it, the others match nothing. Nothing matched: undefined.
 */
async function rotateAtOnce(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Body,
  hash: string,
  minted: MintedTokens,
): Promise<IssuedFor | undefined> {
  const scopes = parseScope(body.scope);
  return await recordIssued(
    ctx.db,
    sql`update oauth_refresh_tokens r
      set rotated_at = now(), grace_until = ${new Date(Date.now() + REFRESH_GRACE_MS)},
        grace_response = ${sealGrace(ctx, hash, minted)}
      where r.token_hash = ${hash} and r.client_id = ${client.client_id}
        and r.rotated_at is null and r.revoked_at is null and r.expires_at > now()
        and (${body.resource ?? null}::text is null or r.resource = ${body.resource ?? null})
        and ${scopes}::text[] <@ r.scopes
        and ${GRANT_STILL_VALID}
      returning r.id, r.grant_id, r.family_id, r.user_id, r.resource, r.scopes`,
    { clientId: client.client_id, minted, scopes, rotated: true },
  );
}

/** Within the grace period, while the successor is unused: the answer the first refresh got. */
async function graceAnswer(
  ctx: AsContext,
  trx: Db,
  row: OAuthRefreshTokenRow,
  client: OAuthClientRow,
): Promise<TokenResponse | null> {
  if (!row.grace_response || !row.grace_until || row.grace_until.getTime() <= Date.now()) return null;
  const successor = await trx
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('rotated_from', '=', row.id)
    .executeTakeFirst();
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

/**
 * grant_type=refresh_token: rotation on every use. Replaying a rotated token kills the family,
 * except within 30 s when its successor is still unused: then the same new pair comes back, so
 * two concurrent refreshes by one client do not sign the user out.
 */
export async function exchangeRefreshToken(
  ctx: AsContext,
  client: OAuthClientRow,
  body: Body,
): Promise<TokenResponse> {
  if (!body.refresh_token) throw new InvalidRequest('refresh_token is required.');
  const hash = sha256(body.refresh_token);
  const minted = mintTokens(ctx);
  const issued = await rotateAtOnce(ctx, client, body, hash, minted);
  if (issued) return await tokenResponse(ctx, client.client_id, issued, minted);
  // Rotated already, or something is off: check it step by step, locked.
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('oauth_refresh_tokens')
      .selectAll()
      .where('token_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new InvalidGrant('The refresh token is invalid.');
    checkRefreshClient(row, client);
    if (row.revoked_at) throw new InvalidGrant('The refresh token was revoked.');
    if (row.rotated_at) {
      const grace = await graceAnswer(ctx, trx, row, client);
      return grace ? ({ response: grace } as const) : ({ replayed: row } as const);
    }
    checkRefreshLive(row);
    checkRefreshResource(row, body.resource);
    const scopes = checkRefreshScope(row, body.scope);
    await checkGrantStillValid(trx, row);
    await trx
      .updateTable('oauth_refresh_tokens')
      .set({
        rotated_at: sql`now()`,
        grace_until: new Date(Date.now() + REFRESH_GRACE_MS),
        grace_response: sealGrace(ctx, hash, minted),
      })
      .where('id', '=', row.id)
      .execute();
    const recorded = await recordIssued(
      trx,
      sql`select ${row.id}::uuid as id, ${row.grant_id}::uuid as grant_id, ${row.family_id}::uuid as family_id,
        ${row.user_id}::uuid as user_id, ${row.resource}::text as resource, ${scopes}::text[] as scopes`,
      { clientId: client.client_id, minted, scopes, rotated: true },
    );
    if (!recorded) throw new Error('recording tokens for a locked, valid refresh token matched nothing');
    return { response: await tokenResponse(ctx, client.client_id, recorded, minted) } as const;
  });
  if ('replayed' in outcome && outcome.replayed) {
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
  return outcome.response;
}
