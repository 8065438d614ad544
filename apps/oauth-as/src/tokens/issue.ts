import { randomToken, sha256 } from '@bmm/crypto';
import { formatScope, type TokenResponse } from '@bmm/oauth';
import type { AsContext } from '../context.js';
import { REFRESH_TOKEN_TTL_MS } from '../lifetimes.js';
import { type AccessTokenId, newAccessTokenId, signAccessToken } from './access-token.js';
import type { IssuedFor, TokensToRecord } from './issued-tokens.repository.js';

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

/** What recordIssued stores of minted tokens. */
export function toRecord(
  clientId: string,
  minted: MintedTokens,
  { scopes, rotated }: { scopes: string[]; rotated: boolean },
): TokensToRecord {
  return {
    clientId,
    refreshHash: minted.refreshHash,
    refreshExpiresAt: minted.refreshExpiresAt,
    accessJti: minted.access.jti,
    accessExpiresAt: new Date(minted.access.exp * 1000),
    scopes,
    rotated,
  };
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
