import { randomToken, sha256 } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { formatScope, type TokenResponse } from '@bmm/oauth';
import { type RawBuilder, sql } from 'kysely';
import type { AsContext } from '../context.js';
import { REFRESH_TOKEN_TTL_MS } from '../lifetimes.js';
import { type AccessTokenId, newAccessTokenId, signAccessToken } from './access-token.js';

/** New tokens, minted before the statement that records them. */
export interface MintedTokens {
  access: AccessTokenId;
  refreshToken: string;
  refreshHash: string;
  refreshExpiresAt: Date;
}

export function mintTokens(ctx: AsContext): MintedTokens {
  const refreshToken = randomToken('bmm_rt_');
  return {
    access: newAccessTokenId(ctx),
    refreshToken,
    refreshHash: sha256(refreshToken),
    refreshExpiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
  };
}

/** What a grant's new tokens are issued for (from the code or refresh token consumed). */
export interface IssuedFor {
  grant_id: string;
  family_id: string;
  user_id: string;
  resource: string;
  scopes: string[];
}

/**
 * Records minted tokens issued from the one row `source` (a CTE over the consumed code or refresh
 * token, columns of IssuedFor plus `id` when rotating): the refresh token, the access token's jti, and the
 * grant's and client's last use (at most once a minute: every grant of a busy client would otherwise
 * queue on one row lock). `scopes` replaces the source's scopes when non-empty (a narrowed refresh).
 * Answers the issued row, or nothing when the source matched no row.
 */
export async function recordIssued(
  db: Db,
  source: RawBuilder<unknown>,
  input: { clientId: string; minted: MintedTokens; scopes: string[]; rotated: boolean },
): Promise<IssuedFor | undefined> {
  const { clientId, minted, scopes } = input;
  const rotatedFrom = input.rotated ? sql`src.id` : sql`null::uuid`;
  const { rows } = await sql<IssuedFor>`
    with src as (${source}),
    refresh as (
      insert into oauth_refresh_tokens
        (token_hash, family_id, grant_id, client_id, user_id, resource, scopes, rotated_from, expires_at)
      select ${minted.refreshHash}, src.family_id, src.grant_id, ${clientId}, src.user_id, src.resource,
        case when cardinality(${scopes}::text[]) > 0 then ${scopes}::text[] else src.scopes end,
        ${rotatedFrom}, ${minted.refreshExpiresAt}
      from src
      returning scopes
    ),
    access as (
      insert into oauth_access_tokens (jti, grant_id, family_id, client_id, expires_at)
      select ${minted.access.jti}, src.grant_id, src.family_id, ${clientId}, ${new Date(minted.access.exp * 1000)}
      from src
    ),
    grant_used as (
      update oauth_grants set last_used_at = now()
      where id = (select grant_id from src)
        and (last_used_at is null or last_used_at < now() - interval '1 minute')
    ),
    client_used as (
      update oauth_clients set last_used_at = now()
      where client_id = ${clientId} and exists (select 1 from src)
        and (last_used_at is null or last_used_at < now() - interval '1 minute')
    )
    select src.grant_id, src.family_id, src.user_id, src.resource, refresh.scopes from src, refresh
  `.execute(db);
  return rows[0];
}

/** The token response for recorded tokens: signs the access token (after the database round trip). */
export async function tokenResponse(
  ctx: AsContext,
  clientId: string,
  issued: IssuedFor,
  minted: Pick<MintedTokens, 'access' | 'refreshToken'>,
): Promise<TokenResponse> {
  const access = await signAccessToken(
    ctx,
    { userId: issued.user_id, clientId, resource: issued.resource, scopes: issued.scopes },
    minted.access,
  );
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: ctx.config.accessTokenTtl,
    refresh_token: minted.refreshToken,
    scope: formatScope(issued.scopes),
  };
}
