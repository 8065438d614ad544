export {
  AccessDenied,
  InsufficientScope,
  InvalidClient,
  InvalidClientMetadata,
  InvalidGrant,
  InvalidRedirectUri,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  InvalidToken,
  LoginRequired,
  OAuthError,
  type OAuthErrorBody,
  oauthErrorBody,
  ServerError,
  SlowDown,
  TemporarilyUnavailable,
  UnauthorizedClient,
  UnsupportedGrantType,
  UnsupportedResponseType,
  UnsupportedTokenType,
} from './errors.js';
export {
  countConnectedClients,
  denylistAccessTokens,
  listConnectedClients,
  listUserGrants,
  redirectHost,
  revokeGrant,
  revokeGrantTokens,
  revokeLostAccess,
  revokeUserGrant,
} from './grants.js';
export { canonicalResourceUrl, parseResourceUrl, protectedResourceMetadataUrl } from './resource.js';
export { formatScope, MCP_TOOLS_SCOPE, parseScope, scopesCovered } from './scopes.js';
export {
  ACCESS_TOKEN_ALGS,
  ACCESS_TOKEN_TYPE,
  type AccessTokenAlg,
  type AccessTokenClaims,
  type ConnectedClient,
  type TokenResponse,
  type UserGrant,
} from './types.js';
export {
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  createAccessTokenVerifier,
  type VerifiedAccessToken,
} from './verifier.js';
