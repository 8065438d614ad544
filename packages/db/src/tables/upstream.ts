import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The upstream token vault: each user's own tokens at the API a hosted server wraps; its migration
 * (2026-12-01T0000_upstreams) creates them. Token values are sealed with the keyring under
 * associated data that binds user, server and upstream; nothing here is ever returned as is.
 */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UpstreamTokensTable {
  id: Generated<string>;
  user_id: string;
  server_id: string;
  /** The `id` of the spec's upstream (`github`). */
  upstream_id: string;
  /** The provider's stable account id (OIDC `sub`, GitHub user id), when known. */
  account_id: string | null;
  /** What a person recognises (login or email), when known. */
  account_label: string | null;
  access_token_ciphertext: string;
  refresh_token_ciphertext: string | null;
  token_type: Generated<string>;
  /** Scopes granted by the provider (or asked for, when it does not say). */
  scopes: string[];
  expires_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  refreshed_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** A sign-in at the upstream in progress: `state` (hashed) ties the callback to user and interaction. */
export interface UpstreamAuthorizationsTable {
  state_hash: string;
  user_id: string;
  server_id: string;
  upstream_id: string;
  /** The MCP client's consent interaction this sign-in continues; null for reconnects and tests. */
  interaction_id: string | null;
  code_verifier_ciphertext: string | null;
  nonce: string | null;
  scopes: string[];
  /** Where the browser goes after a sign-in that is not part of an interaction. */
  return_to: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
}

export interface UpstreamTables {
  upstream_tokens: UpstreamTokensTable;
  upstream_authorizations: UpstreamAuthorizationsTable;
}

export type UpstreamTokenRow = Selectable<UpstreamTokensTable>;
export type NewUpstreamToken = Insertable<UpstreamTokensTable>;
export type UpstreamAuthorizationRow = Selectable<UpstreamAuthorizationsTable>;
