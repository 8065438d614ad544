import { randomToken, sha256 } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { formatScope, type TokenResponse } from '@bmm/oauth';
import { sql } from 'kysely';
import { type AsContext, REFRESH_TOKEN_TTL_MS } from '../context.js';
import { signAccessToken } from './access-token.js';

export interface IssueInput {
  grantId: string;
  familyId: string;
  clientId: string;
  userId: string;
  resource: string;
  scopes: string[];
  rotatedFrom?: string;
}

/** Signs an access token and mints a refresh token of the same family; records both. */
export async function issueTokens(
  trx: Db,
  ctx: AsContext,
  input: IssueInput,
): Promise<{ response: TokenResponse; refreshId: string }> {
  const access = await signAccessToken(ctx, input);
  const refreshToken = randomToken('bmm_rt_');
  await trx
    .insertInto('oauth_access_tokens')
    .values({
      jti: access.jti,
      grant_id: input.grantId,
      family_id: input.familyId,
      client_id: input.clientId,
      expires_at: new Date(access.exp * 1000),
    })
    .execute();
  const refresh = await trx
    .insertInto('oauth_refresh_tokens')
    .values({
      token_hash: sha256(refreshToken),
      family_id: input.familyId,
      grant_id: input.grantId,
      client_id: input.clientId,
      user_id: input.userId,
      resource: input.resource,
      scopes: input.scopes,
      rotated_from: input.rotatedFrom ?? null,
      expires_at: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('oauth_grants')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', input.grantId)
    .execute();
  await trx
    .updateTable('oauth_clients')
    .set({ last_used_at: sql`now()` })
    .where('client_id', '=', input.clientId)
    .execute();
  return {
    refreshId: refresh.id,
    response: {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: ctx.config.accessTokenTtl,
      refresh_token: refreshToken,
      scope: formatScope(input.scopes),
    },
  };
}
