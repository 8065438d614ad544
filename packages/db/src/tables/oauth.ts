import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Tables of the OAuth authorization server (apps/oauth-as); its migration
 * (2026-11-23T0100_oauth) creates them. The control plane reads `oauth_grants` for connected clients.
 */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, T | string, T | string>;

export type SigningKeyStatus = 'next' | 'active' | 'retired';
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: Json<Record<string, unknown>>;
  /** PKCS#8 PEM sealed with keyring.encrypt(pem, signingKeyAad(kid)). */
  private_key_ciphertext: string;
  status: SigningKeyStatus;
  created_at: CreatedAt;
  activated_at: NullableTimestamp;
  retired_at: NullableTimestamp;
}

export interface OAuthClientsTable {
  /** `bmm_…` for registered clients, the document URL for Client ID Metadata Document clients. */
  client_id: string;
  /** sha256 of the client secret; null for public clients. */
  secret_hash: string | null;
  name: string;
  logo_uri: string | null;
  client_uri: string | null;
  redirect_uris: string[];
  grant_types: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  scope: string | null;
  software_id: string | null;
  software_version: string | null;
  /** sha256 of the RFC 7592 registration access token. */
  registration_access_token_hash: string | null;
  is_cimd: Generated<boolean>;
  /** When the cached metadata document must be fetched again. */
  cimd_expires_at: NullableTimestamp;
  registration_ip: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  last_used_at: NullableTimestamp;
}

export interface OAuthInteractionsTable {
  id: string;
  client_id: string;
  server_id: string;
  redirect_uri: string;
  state: string | null;
  code_challenge: string;
  resource: string;
  scopes: string[];
  created_at: CreatedAt;
  expires_at: Timestamp;
  completed_at: NullableTimestamp;
}

export interface OAuthGrantsTable {
  id: Generated<string>;
  user_id: string;
  client_id: string;
  server_id: string;
  scopes: string[];
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface OAuthCodesTable {
  code_hash: string;
  grant_id: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  code_challenge: string;
  resource: string;
  scopes: string[];
  /** The refresh family (and access tokens) this code starts; revoked if the code is replayed. */
  family_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface OAuthRefreshTokensTable {
  id: Generated<string>;
  token_hash: string;
  family_id: string;
  grant_id: string;
  client_id: string;
  user_id: string;
  resource: string;
  scopes: string[];
  rotated_from: string | null;
  rotated_at: NullableTimestamp;
  /** Until then a replay of this (rotated) token returns `grace_response` instead of killing the family. */
  grace_until: NullableTimestamp;
  /** The token response issued on rotation, sealed with the keyring (it holds live tokens). */
  grace_response: string | null;
  revoked_at: NullableTimestamp;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface OAuthAccessTokensTable {
  jti: string;
  grant_id: string;
  family_id: string;
  client_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface OAuthTokenDenylistTable {
  jti: string;
  expires_at: Timestamp;
}

export interface OAuthTables {
  signing_keys: SigningKeysTable;
  oauth_clients: OAuthClientsTable;
  oauth_interactions: OAuthInteractionsTable;
  oauth_grants: OAuthGrantsTable;
  oauth_codes: OAuthCodesTable;
  oauth_refresh_tokens: OAuthRefreshTokensTable;
  oauth_access_tokens: OAuthAccessTokensTable;
  oauth_token_denylist: OAuthTokenDenylistTable;
}

export type SigningKeyRow = Selectable<SigningKeysTable>;
export type OAuthClientRow = Selectable<OAuthClientsTable>;
export type NewOAuthClient = Insertable<OAuthClientsTable>;
export type OAuthInteractionRow = Selectable<OAuthInteractionsTable>;
export type OAuthGrantRow = Selectable<OAuthGrantsTable>;
export type OAuthCodeRow = Selectable<OAuthCodesTable>;
export type OAuthRefreshTokenRow = Selectable<OAuthRefreshTokensTable>;
