/** How long the authorization server's records live (shared by routes, tokens, keys and jobs). */
export const INTERACTION_TTL_MS = 10 * 60 * 1000;
export const CODE_TTL_MS = 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const REFRESH_GRACE_MS = 30 * 1000;
export const STALE_CLIENT_DAYS = 30;
/** Retired keys stay published this long: longer than any access token can live (max TTL is 24 h). */
export const RETIRED_KEY_PUBLISH_MS = 25 * 60 * 60 * 1000;
