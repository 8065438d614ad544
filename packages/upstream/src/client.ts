import type { UpstreamSpec } from '@bmm/spec';
import * as oauth from 'oauth4webapi';
import { checkEndpoint, guardedFetch, type UpstreamNetwork, UpstreamNetworkError } from './http.js';
import { type AccountSource, PRESETS, type PresetQuirks, pick } from './presets.js';

/** Credentials of the OAuth app at the upstream (from the server's secrets, else the platform's). */
export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
}

/** An upstream with every endpoint known: explicit URLs > preset > discovery on `issuer`. */
export interface ResolvedUpstream {
  spec: UpstreamSpec;
  as: oauth.AuthorizationServer;
  scopeSeparator: ' ' | ',';
  authorizeParams: Record<string, string>;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  account: AccountSource;
  quirks: PresetQuirks;
  pkce: boolean;
}

/** What a successful code exchange or refresh yields. Never logged, never returned to a client. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  tokenType: string;
  expiresAt: Date | null;
  /** As granted, when the provider says; null when it does not (then the requested ones apply). */
  scopes: string[] | null;
  account: { id: string | null; label: string | null } | null;
}

/** The upstream answered with an OAuth error (`invalid_grant`, `access_denied`, …). */
export class UpstreamOAuthError extends Error {
  override name = 'UpstreamOAuthError';
  constructor(
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(description ? `${error}: ${description}` : error);
  }
}

const DISCOVERY_TTL_MS = 10 * 60 * 1000;
const discovered = new Map<string, { at: number; as: Promise<oauth.AuthorizationServer> }>();

function insecure(network: UpstreamNetwork) {
  // oauth4webapi refuses http: endpoints unless told; only ever with private networks allowed.
  return network.allowPrivateNetwork ? { [oauth.allowInsecureRequests]: true } : {};
}

function requestOptions(network: UpstreamNetwork, quirks: PresetQuirks = {}) {
  return {
    [oauth.customFetch]: guardedFetch(network, quirks.jsonBody ? formToJson : undefined),
    ...insecure(network),
    ...(quirks.acceptJson && { headers: { accept: 'application/json' } }),
  };
}

/** Notion's token and revocation endpoints take JSON, not a form. */
function formToJson(_url: URL, init: RequestInit): RequestInit {
  const body = init.body;
  if (!(body instanceof URLSearchParams) && typeof body !== 'string') return init;
  const params = new URLSearchParams(body as URLSearchParams | string);
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  return { ...init, headers, body: JSON.stringify(Object.fromEntries(params)) };
}

async function discover(issuer: string, network: UpstreamNetwork): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  checkEndpoint(url, network);
  const options = { [oauth.customFetch]: guardedFetch(network), ...insecure(network) };
  let lastError: unknown;
  // RFC 8414 first, then OpenID Connect Discovery.
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    try {
      const response = await oauth.discoveryRequest(url, { ...options, algorithm });
      return await oauth.processDiscoveryResponse(url, response);
    } catch (err) {
      lastError = err;
    }
  }
  throw new UpstreamNetworkError(`no authorization server metadata at ${url.host}`, { cause: lastError });
}

function discoverCached(issuer: string, network: UpstreamNetwork): Promise<oauth.AuthorizationServer> {
  const hit = discovered.get(issuer);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.as;
  const as = discover(issuer, network);
  discovered.set(issuer, { at: Date.now(), as });
  as.catch(() => discovered.delete(issuer));
  return as;
}

/** Endpoints of one upstream: explicit URLs override the preset, which overrides discovery. */
export async function resolveUpstream(
  spec: UpstreamSpec,
  network: UpstreamNetwork,
): Promise<ResolvedUpstream> {
  const preset = spec.preset ? PRESETS[spec.preset] : undefined;
  const explicitEnough = spec.authorizationUrl && spec.tokenUrl;
  let base: Partial<oauth.AuthorizationServer> = {};
  if (!preset && spec.issuer && !explicitEnough) base = await discoverCached(spec.issuer, network);
  const as: oauth.AuthorizationServer = {
    ...base,
    issuer: spec.issuer ?? base.issuer ?? preset?.issuer ?? new URL(spec.authorizationUrl ?? '').origin,
    authorization_endpoint: spec.authorizationUrl ?? preset?.authorizationUrl ?? base.authorization_endpoint,
    token_endpoint: spec.tokenUrl ?? preset?.tokenUrl ?? base.token_endpoint,
    revocation_endpoint: spec.revocationUrl ?? preset?.revocationUrl ?? base.revocation_endpoint,
    userinfo_endpoint: spec.userinfoUrl ?? base.userinfo_endpoint,
  };
  if (!as.authorization_endpoint || !as.token_endpoint)
    throw new UpstreamNetworkError(`upstream "${spec.id}" has no authorization or token endpoint`);
  for (const u of [
    as.authorization_endpoint,
    as.token_endpoint,
    as.revocation_endpoint,
    as.userinfo_endpoint,
  ])
    if (u) checkEndpoint(new URL(u), network);
  const account: AccountSource = spec.userinfoUrl
    ? {
        from: 'url',
        url: spec.userinfoUrl,
        idPaths: ['sub', 'id'],
        labelPaths: ['email', 'preferred_username', 'login', 'name'],
      }
    : (preset?.account ?? { from: 'oidc' });
  return {
    spec,
    as,
    scopeSeparator: preset?.scopeSeparator ?? ' ',
    authorizeParams: { ...preset?.authorizeParams, ...spec.authorizeParams },
    tokenEndpointAuthMethod:
      spec.tokenEndpointAuthMethod ?? preset?.tokenEndpointAuthMethod ?? 'client_secret_basic',
    account,
    quirks: preset?.quirks ?? {},
    pkce: spec.pkce !== false,
  };
}

function clientOf(up: ResolvedUpstream, creds: ClientCredentials): [oauth.Client, oauth.ClientAuth] {
  const method = creds.clientSecret ? up.tokenEndpointAuthMethod : 'none';
  const client: oauth.Client = { client_id: creds.clientId, token_endpoint_auth_method: method };
  const auth =
    method === 'none' || !creds.clientSecret
      ? oauth.None()
      : method === 'client_secret_post'
        ? oauth.ClientSecretPost(creds.clientSecret)
        : oauth.ClientSecretBasic(creds.clientSecret);
  return [client, auth];
}

export interface AuthorizationStart {
  url: string;
  state: string;
  /** Null when the upstream opted out of PKCE (`pkce: false`). */
  codeVerifier: string | null;
  nonce: string | null;
}

/** The authorization request: PKCE S256, a fresh `state`, a `nonce` when `openid` is asked for. */
export async function startAuthorization(
  up: ResolvedUpstream,
  creds: ClientCredentials,
  { redirectUri, scopes }: { redirectUri: string; scopes: string[] },
): Promise<AuthorizationStart> {
  const url = new URL(up.as.authorization_endpoint!);
  const state = oauth.generateRandomState();
  const codeVerifier = up.pkce ? oauth.generateRandomCodeVerifier() : null;
  const nonce = scopes.includes('openid') ? oauth.generateRandomNonce() : null;
  for (const [k, v] of Object.entries(up.authorizeParams)) url.searchParams.set(k, v);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', creds.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  if (scopes.length) url.searchParams.set(up.quirks.scopeParam ?? 'scope', scopes.join(up.scopeSeparator));
  url.searchParams.set('state', state);
  if (codeVerifier) {
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  if (nonce) url.searchParams.set('nonce', nonce);
  return { url: url.href, state, codeVerifier, nonce };
}

async function readJson(response: Response): Promise<{ body: Record<string, unknown>; json: boolean }> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return { body: parsed as Record<string, unknown>, json: true };
  } catch {
    // GitHub answers form-encoded when not asked for JSON.
  }
  return { body: Object.fromEntries(new URLSearchParams(text)), json: false };
}

/**
 * Turns a provider's token response into an RFC 6749 §5.1/§5.2 one (the quirks of the preset), so
 * oauth4webapi can process it: GitHub's and Slack's errors with status 200, Slack's user token under
 * `authed_user`, missing `token_type`, comma-separated scopes, a per-tenant ID Token.
 */
export async function normalizeTokenResponse(quirks: PresetQuirks, response: Response): Promise<Response> {
  if (Object.keys(quirks).length === 0) return response;
  let { body } = await readJson(response);
  let status = response.status;
  if (quirks.errorsWith200 && status === 200 && (typeof body.error === 'string' || body.ok === false)) {
    status = 400;
    body = {
      error: typeof body.error === 'string' ? body.error : 'invalid_request',
      ...(typeof body.error_description === 'string' && { error_description: body.error_description }),
    };
  }
  if (status === 200 && quirks.slackAuthedUser) {
    const user = body.authed_user as Record<string, unknown> | undefined;
    if (user && typeof user.access_token === 'string') {
      body = {
        access_token: user.access_token,
        token_type: 'bearer',
        ...(typeof user.scope === 'string' && { scope: user.scope }),
        ...(typeof user.refresh_token === 'string' && { refresh_token: user.refresh_token }),
        ...(typeof user.expires_in === 'number' && { expires_in: user.expires_in }),
        authed_user: { id: user.id },
        ...(body.team !== undefined && { team: body.team }),
      };
    } else if (typeof body.access_token === 'string' && body.token_type === 'user') {
      // A refreshed user token (token rotation) comes back at the top level.
      body = { ...body, token_type: 'bearer' };
    } else {
      status = 400;
      body = {
        error: 'invalid_grant',
        error_description: 'Slack returned no user token: ask for user scopes (user_scope).',
      };
    }
  }
  if (status === 200) {
    if (quirks.defaultTokenType && typeof body.token_type !== 'string')
      body = { ...body, token_type: quirks.defaultTokenType };
    if (quirks.commaScopesInResponse && typeof body.scope === 'string')
      body = { ...body, scope: body.scope.split(',').filter(Boolean).join(' ') };
    if (quirks.ignoreIdToken && 'id_token' in body) {
      const { id_token: _dropped, ...rest } = body;
      body = rest;
    }
  }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

function toUpstreamError(err: unknown): Error {
  if (err instanceof oauth.ResponseBodyError) return new UpstreamOAuthError(err.error, err.error_description);
  if (err instanceof oauth.AuthorizationResponseError)
    return new UpstreamOAuthError(err.error, err.error_description);
  if (err instanceof UpstreamNetworkError || err instanceof UpstreamOAuthError) return err;
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof UpstreamNetworkError) return cause;
  return new UpstreamOAuthError('invalid_response', (err as Error)?.message?.slice(0, 200));
}

function tokenSetOf(result: oauth.TokenEndpointResponse, up: ResolvedUpstream): TokenSet {
  const expiresIn = typeof result.expires_in === 'number' ? result.expires_in : undefined;
  const scope = typeof result.scope === 'string' ? result.scope : undefined;
  let account: TokenSet['account'] = null;
  if (up.account.from === 'token') {
    account = {
      id: firstOf(result, up.account.idPaths),
      label: firstOf(result, up.account.labelPaths),
    };
  }
  return {
    accessToken: result.access_token,
    refreshToken: typeof result.refresh_token === 'string' ? result.refresh_token : null,
    tokenType: result.token_type === 'bearer' ? 'Bearer' : result.token_type,
    expiresAt: expiresIn !== undefined ? new Date(Date.now() + expiresIn * 1000) : null,
    scopes: scope !== undefined ? scope.split(/[\s,]+/).filter(Boolean) : null,
    account,
  };
}

function firstOf(doc: unknown, paths: string[]): string | null {
  for (const p of paths) {
    const v = pick(doc, p);
    if (v !== undefined) return v;
  }
  return null;
}

/** Parses a token endpoint response of this upstream (used by the exchange and by unit tests). */
export async function processTokenResponse(
  up: ResolvedUpstream,
  creds: ClientCredentials,
  response: Response,
  kind: 'authorization_code' | 'refresh_token',
  nonce: string | null = null,
): Promise<{ tokens: TokenSet; idTokenSub: string | null }> {
  const [client] = clientOf(up, creds);
  const normalized = await normalizeTokenResponse(up.quirks, response);
  try {
    const result =
      kind === 'authorization_code'
        ? await oauth.processAuthorizationCodeResponse(up.as, client, normalized, {
            ...(nonce ? { expectedNonce: nonce } : {}),
          })
        : await oauth.processRefreshTokenResponse(up.as, client, normalized);
    const claims = oauth.getValidatedIdTokenClaims(result);
    return { tokens: tokenSetOf(result, up), idTokenSub: claims?.sub ?? null };
  } catch (err) {
    throw toUpstreamError(err);
  }
}

/**
 * The callback: checks `state` and (RFC 9207) `iss` when the upstream advertises it, turns an
 * error response into an UpstreamOAuthError, exchanges the code with the PKCE verifier, and learns
 * which account signed in.
 */
export async function completeAuthorization(
  up: ResolvedUpstream,
  creds: ClientCredentials,
  input: {
    callback: URLSearchParams;
    state: string;
    codeVerifier: string | null;
    nonce: string | null;
    redirectUri: string;
  },
  network: UpstreamNetwork,
): Promise<TokenSet> {
  const [client, auth] = clientOf(up, creds);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(up.as, client, input.callback, input.state);
  } catch (err) {
    throw toUpstreamError(err);
  }
  let parsed: { tokens: TokenSet; idTokenSub: string | null };
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      up.as,
      client,
      auth,
      params,
      input.redirectUri,
      input.codeVerifier ?? oauth.nopkce,
      requestOptions(network, up.quirks),
    );
    parsed = await processTokenResponse(up, creds, response, 'authorization_code', input.nonce);
  } catch (err) {
    throw toUpstreamError(err);
  }
  const account = parsed.tokens.account ?? (await fetchAccount(up, creds, parsed, network));
  return { ...parsed.tokens, account };
}

async function fetchAccount(
  up: ResolvedUpstream,
  creds: ClientCredentials,
  parsed: { tokens: TokenSet; idTokenSub: string | null },
  network: UpstreamNetwork,
): Promise<TokenSet['account']> {
  const { tokens, idTokenSub } = parsed;
  try {
    if (up.account.from === 'url') {
      const source = up.account;
      const doFetch = guardedFetch(network);
      const response = await doFetch(source.url, {
        method: source.method ?? 'GET',
        headers: {
          authorization: `Bearer ${tokens.accessToken}`,
          accept: 'application/json',
          'user-agent': 'BuildMyMCPServer',
          ...(source.body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(source.body !== undefined && { body: JSON.stringify(source.body) }),
      });
      if (!response.ok) return idTokenSub ? { id: idTokenSub, label: null } : null;
      const doc = (await readJson(response)).body;
      return { id: firstOf(doc, source.idPaths) ?? idTokenSub, label: firstOf(doc, source.labelPaths) };
    }
    if (up.account.from === 'oidc') {
      if (!up.as.userinfo_endpoint) return idTokenSub ? { id: idTokenSub, label: null } : null;
      const [client] = clientOf(up, creds);
      const response = await oauth.userInfoRequest(
        up.as,
        client,
        tokens.accessToken,
        requestOptions(network),
      );
      const info = await oauth.processUserInfoResponse(
        up.as,
        client,
        idTokenSub ?? oauth.skipSubjectCheck,
        response,
      );
      return { id: info.sub, label: firstOf(info, ['email', 'preferred_username', 'name']) };
    }
  } catch {
    // Who signed in is informative; a failing lookup never fails the sign-in.
  }
  return idTokenSub ? { id: idTokenSub, label: null } : null;
}

/** Uses a refresh token; `invalid_grant` (revoked, expired) comes back as an UpstreamOAuthError. */
export async function refreshTokens(
  up: ResolvedUpstream,
  creds: ClientCredentials,
  refreshToken: string,
  network: UpstreamNetwork,
): Promise<TokenSet> {
  const [client, auth] = clientOf(up, creds);
  try {
    const response = await oauth.refreshTokenGrantRequest(
      up.as,
      client,
      auth,
      refreshToken,
      requestOptions(network, up.quirks),
    );
    return (await processTokenResponse(up, creds, response, 'refresh_token')).tokens;
  } catch (err) {
    throw toUpstreamError(err);
  }
}

/** RFC 7009 revocation; false when the upstream has no revocation endpoint. */
export async function revokeToken(
  up: ResolvedUpstream,
  creds: ClientCredentials,
  token: string,
  hint: 'access_token' | 'refresh_token',
  network: UpstreamNetwork,
): Promise<boolean> {
  if (!up.as.revocation_endpoint) return false;
  const [client, auth] = clientOf(up, creds);
  try {
    const response = await oauth.revocationRequest(up.as, client, auth, token, {
      ...requestOptions(network, up.quirks),
      additionalParameters: { token_type_hint: hint },
    });
    await oauth.processRevocationResponse(response);
    return true;
  } catch (err) {
    throw toUpstreamError(err);
  }
}
