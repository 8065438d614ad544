/**
 * Where the web server finds the other services, read from the environment at start-up (never at
 * build time, so one build serves any deployment). Same variables and defaults as `webConfigSchema`
 * in packages/config/src/services/web.ts: WEB_URL, API_URL, OAUTH_ISSUER, BUILDER_URL, RUNNER_URL,
 * API_INTERNAL_URL (defaults to API_URL), OAUTH_INTERNAL_URL (origin only; defaults to the
 * origin of OAUTH_ISSUER).
 */
export interface WebEnv {
  webUrl: string;
  apiUrl: string;
  oauthIssuer: string;
  builderUrl: string;
  runnerUrl: string;
  /** Base the web server uses to reach the API (no trailing slash). */
  apiInternal: string;
  /** Base the web server uses to reach oauth-as, including the issuer's path (no trailing slash). */
  oauthInternal: string;
  /** Origin the web server uses to reach oauth-as, for its `/.well-known/*` documents. */
  oauthInternalOrigin: string;
}

function url(name: string, fallback: string): string {
  const value = process.env[name]?.trim() || fallback;
  return value.replace(/\/+$/, '');
}

export function webEnv(): WebEnv {
  const apiUrl = url('API_URL', 'http://localhost:4000');
  const oauthIssuer = url('OAUTH_ISSUER', 'http://localhost:4001');
  const issuer = new URL(oauthIssuer);
  const issuerPath = issuer.pathname.replace(/\/+$/, '');
  const oauthInternalOrigin = url('OAUTH_INTERNAL_URL', issuer.origin);
  return {
    webUrl: url('WEB_URL', 'http://localhost:3000'),
    apiUrl,
    oauthIssuer,
    builderUrl: url('BUILDER_URL', 'http://localhost:4002'),
    runnerUrl: url('RUNNER_URL', 'http://localhost:4100'),
    apiInternal: url('API_INTERNAL_URL', apiUrl),
    oauthInternal: `${oauthInternalOrigin}${issuerPath}`,
    oauthInternalOrigin,
  };
}
