import { sha256 } from '@bmm/crypto';
import type { Db, OAuthClientRow, OAuthRefreshTokenRow } from '@bmm/db';
import {
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
import { type AsContext, REFRESH_GRACE_MS } from '../context.js';
import { canUseServer } from '../interactions/access.js';
import { audit } from '../lib/audit.js';
import { revokeFamily } from './family.js';
import { issueTokens } from './issue.js';

type Body = Record<string, string | undefined>;
const graceAad = (refreshId: string) => `oauth_refresh_grace:${refreshId}`;

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
      if (row.grace_response && row.grace_until && row.grace_until.getTime() > Date.now()) {
        const successor = await trx
          .selectFrom('oauth_refresh_tokens')
          .select(['rotated_at', 'revoked_at'])
          .where('rotated_from', '=', row.id)
          .executeTakeFirst();
        if (successor && !successor.rotated_at && !successor.revoked_at)
          return {
            response: JSON.parse(
              ctx.keyring.decryptString(row.grace_response, graceAad(row.id)),
            ) as TokenResponse,
          };
      }
      return { replayed: row } as const;
    }
    checkRefreshLive(row);
    checkRefreshResource(row, body.resource);
    const scopes = checkRefreshScope(row, body.scope);
    await checkGrantStillValid(trx, row);
    const { response } = await issueTokens(trx, ctx, {
      grantId: row.grant_id,
      familyId: row.family_id,
      clientId: client.client_id,
      userId: row.user_id,
      resource: row.resource,
      scopes,
      rotatedFrom: row.id,
    });
    await trx
      .updateTable('oauth_refresh_tokens')
      .set({
        rotated_at: sql`now()`,
        grace_until: new Date(Date.now() + REFRESH_GRACE_MS),
        grace_response: ctx.keyring.encrypt(JSON.stringify(response), graceAad(row.id)),
      })
      .where('id', '=', row.id)
      .execute();
    return { response } as const;
  });
  if ('replayed' in outcome && outcome.replayed) {
    await revokeFamily(ctx.db, outcome.replayed.family_id);
    ctx.metrics.refreshReuse();
    await audit(ctx.db, {
      actor: { type: 'oauth_client', id: client.client_id },
      action: 'oauth.refresh_token.replayed',
      resource: { type: 'oauth_grant', id: outcome.replayed.grant_id },
      metadata: { client_id: client.client_id },
    });
    throw new InvalidGrant(
      'The refresh token was already used; the whole token family is revoked. Authorize again.',
    );
  }
  return outcome.response as TokenResponse;
}
