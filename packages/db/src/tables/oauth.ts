/**
 * Tables of the OAuth authorization server (apps/oauth-as). Its migrations create them.
 * Filled in by the OAuth issue; the control plane reads `oauth_grants` for connected clients.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the oauth-as migrations
export interface OAuthTables {}
