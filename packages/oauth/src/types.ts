/** Claims of an access token (RFC 9068 JWT, header `typ: at+jwt`, ES256 or RS256, `kid`). */
export interface AccessTokenClaims {
  iss: string;
  /** The user id. */
  sub: string;
  /** The canonical resource URL of the one server the token opens. */
  aud: string;
  client_id: string;
  /** Space-separated. */
  scope: string;
  iat: number;
  exp: number;
  jti: string;
}

/** The JWT `typ` header of access tokens. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Algorithms access tokens are signed with: ES256 (P-256, the default) or RS256 (`OAUTH_ACCESS_TOKEN_ALG`). */
export const ACCESS_TOKEN_ALGS = ['ES256', 'RS256'] as const;
export type AccessTokenAlg = (typeof ACCESS_TOKEN_ALGS)[number];

/** RFC 6749 §5.1 successful token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export interface ConnectedClient {
  grantId: string;
  clientId: string;
  clientName: string;
  /** Host of the client's first redirect URI (what the consent screen showed). */
  redirectHost: string | null;
  scopes: string[];
  userId: string;
  userEmail: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface UserGrant {
  grantId: string;
  clientId: string;
  clientName: string;
  redirectHost: string | null;
  serverId: string;
  serverSlug: string;
  serverName: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
}
