export {
  type AuthorizationStart,
  type ClientCredentials,
  completeAuthorization,
  normalizeTokenResponse,
  processTokenResponse,
  type ResolvedUpstream,
  refreshTokens,
  resolveUpstream,
  revokeToken,
  startAuthorization,
  type TokenSet,
  UpstreamOAuthError,
} from './client.js';
export { checkEndpoint, guardedFetch, type UpstreamNetwork, UpstreamNetworkError } from './http.js';
export { type AccountSource, PRESETS, type PresetDefinition, type PresetQuirks } from './presets.js';
export { requiredScopes, scopesCovered, upstreamsOfTool } from './scopes.js';
export {
  clientCredentials,
  credentialSecretNames,
  loadServerSecrets,
  type PlatformApps,
  REFRESH_MARGIN_MS,
  type RevocationTarget,
  revokeAndDeleteTokens,
  revokeAtProvider,
  storeTokens,
  type TokenRequest,
  type TokenStatus,
  type UpstreamCredential,
  usableToken,
  type VaultDeps,
} from './vault.js';

/** The one redirect URI of the whole platform, registered at every provider. */
export const upstreamCallbackUrl = (issuer: string) => `${issuer.replace(/\/+$/, '')}/upstream/callback`;
/** Where a person (re)connects one upstream of one server. */
export const upstreamConnectUrl = (issuer: string, serverId: string, upstreamId: string) =>
  `${issuer.replace(/\/+$/, '')}/upstream/connect?server=${encodeURIComponent(serverId)}&upstream=${encodeURIComponent(upstreamId)}`;
