import { type Db, PREPARED } from '@bmm/db';
import { type RawBuilder, sql } from 'kysely';

/** What a grant's new tokens are issued for (from the code or refresh token consumed). */
export interface IssuedFor {
  grant_id: string;
  family_id: string;
  user_id: string;
  resource: string;
  scopes: string[];
}

/** The tokens to record: chosen before the statement, so it records them in the same round trip. */
export interface TokensToRecord {
  clientId: string;
  refreshHash: string;
  refreshExpiresAt: Date;
  accessJti: string;
  accessExpiresAt: Date;
  /** Replaces the source's scopes when non-empty (a narrowed refresh). */
  scopes: string[];
  /** The source is a rotated refresh token (its `id` becomes the new one's `rotated_from`). */
  rotated: boolean;
}

/**
 * Records new tokens issued from the one row `source` (a CTE over the consumed code or refresh
 * token, columns of IssuedFor plus `id` when rotating): the refresh token, the access token's jti, and the
 * grant's and client's last use (at most once a minute: every grant of a busy client would otherwise
 * queue on one row lock). Answers the issued row, or nothing when the source matched no row.
 * A prepared statement: its text is fixed for each source, and planning it cost more than running it.
 */
export async function recordIssued(
  db: Db,
  source: RawBuilder<unknown>,
  tokens: TokensToRecord,
): Promise<IssuedFor | undefined> {
  const { clientId, scopes } = tokens;
  const rotatedFrom = tokens.rotated ? sql`src.id` : sql`null::uuid`;
  const { rows } = await sql<IssuedFor>`${sql.raw(PREPARED)}
    with src as (${source}),
    refresh as (
      insert into oauth_refresh_tokens
        (token_hash, family_id, grant_id, client_id, user_id, resource, scopes, rotated_from, expires_at)
      select ${tokens.refreshHash}, src.family_id, src.grant_id, ${clientId}, src.user_id, src.resource,
        case when cardinality(${scopes}::text[]) > 0 then ${scopes}::text[] else src.scopes end,
        ${rotatedFrom}, ${tokens.refreshExpiresAt}
      from src
      returning scopes
    ),
    access as (
      insert into oauth_access_tokens (jti, grant_id, family_id, client_id, expires_at)
      select ${tokens.accessJti}, src.grant_id, src.family_id, ${clientId}, ${tokens.accessExpiresAt}
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
