import { type CheckDefinition, outcome } from '../context.js';
import { type Exchange, isSecureOrLoopback, probe } from '../probe.js';

/**
 * The metadata URLs an MCP client tries, in order (MCP Authorization §Authorization Server Metadata
 * Discovery): RFC 8414 with path insertion, then OpenID Connect with path insertion and appended.
 */
export function metadataUrls(issuer: URL): Array<{ url: string; kind: 'oauth' | 'oidc' }> {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  if (!path) {
    return [
      { url: `${issuer.origin}/.well-known/oauth-authorization-server`, kind: 'oauth' },
      { url: `${issuer.origin}/.well-known/openid-configuration`, kind: 'oidc' },
    ];
  }
  return [
    { url: `${issuer.origin}/.well-known/oauth-authorization-server${path}`, kind: 'oauth' },
    { url: `${issuer.origin}/.well-known/openid-configuration${path}`, kind: 'oidc' },
    { url: `${issuer.origin}${path}/.well-known/openid-configuration`, kind: 'oidc' },
  ];
}

const fieldsShown = (metadata: Record<string, unknown>, names: string[]): Exchange => ({
  request: 'authorization server metadata',
  status: null,
  headers: {},
  fields: Object.fromEntries(names.map((n) => [n, metadata[n] ?? null])),
});

export const authorizationServers: CheckDefinition = {
  id: 'authorization_servers',
  title: 'The metadata names an authorization server',
  clause: 'RFC 9728 §2 (authorization_servers)',
  async run(ctx) {
    const metadata = ctx.state.resourceMetadata;
    if (!metadata) return outcome('skip', 'No resource metadata to read.');
    const list = metadata.authorization_servers;
    const shown = [
      { request: 'resource metadata', status: null, headers: {}, fields: { authorization_servers: list } },
    ];
    if (!Array.isArray(list) || list.length === 0 || typeof list[0] !== 'string')
      return outcome(
        'fail',
        'authorization_servers is missing or empty; clients cannot find where to sign in.',
        shown,
      );
    let issuer: URL;
    try {
      issuer = new URL(list[0]);
    } catch {
      return outcome('fail', `authorization_servers[0] is not a URL: ${list[0]}`, shown);
    }
    if (!isSecureOrLoopback(issuer))
      return outcome(
        'fail',
        `${list[0]} is not https: authorization server endpoints must use TLS.`,
        shown,
        'MCP Authorization §Communication Security; OAuth 2.1 §1.5',
      );
    ctx.state.authorizationServer = list[0];
    return outcome(
      'pass',
      `Authorization server: ${list[0]}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}.`,
      shown,
    );
  },
};

export const authorizationServerMetadata: CheckDefinition = {
  id: 'authorization_server_metadata',
  title: 'Authorization server metadata is discovered (RFC 8414, then OpenID Connect)',
  clause: 'RFC 8414 §3.1; OpenID Connect Discovery 1.0 §4',
  async run(ctx) {
    const issuer = ctx.state.authorizationServer;
    if (!issuer) return outcome('skip', 'No authorization server to ask.');
    const evidence: Exchange[] = [];
    for (const { url, kind } of metadataUrls(new URL(issuer))) {
      const r = await probe(ctx.fetch, 'GET', url, { headers: { accept: 'application/json' } });
      evidence.push(r.exchange);
      if (r.exchange.status === 200 && r.json && typeof r.json === 'object' && !Array.isArray(r.json)) {
        ctx.state.authorizationServerMetadata = r.json as Record<string, unknown>;
        return outcome(
          'pass',
          `Found by ${kind === 'oauth' ? 'RFC 8414' : 'OpenID Connect discovery'} at ${url}.`,
          evidence,
        );
      }
    }
    return outcome(
      'fail',
      'None of the discovery URLs answered 200 with JSON. For an issuer with a path, RFC 8414 inserts the well-known segment before the path.',
      evidence,
    );
  },
};

export const issuerMatches: CheckDefinition = {
  id: 'issuer',
  title: 'The metadata’s issuer is exactly the authorization server URL',
  clause: 'RFC 8414 §3.3',
  async run(ctx) {
    const metadata = ctx.state.authorizationServerMetadata;
    if (!metadata) return outcome('skip', 'No authorization server metadata.');
    const shown = [fieldsShown(metadata, ['issuer'])];
    if (metadata.issuer === ctx.state.authorizationServer)
      return outcome('pass', `issuer = ${String(metadata.issuer)}`, shown);
    return outcome(
      'fail',
      `issuer is ${JSON.stringify(metadata.issuer)} but the resource names ${ctx.state.authorizationServer}; clients must reject metadata whose issuer differs (mix-up defence).`,
      shown,
    );
  },
};

export const pkceS256: CheckDefinition = {
  id: 'pkce_s256',
  title: 'PKCE with S256 is advertised',
  clause: 'MCP Authorization §Authorization Code Protection; RFC 8414 §2 (code_challenge_methods_supported)',
  async run(ctx) {
    const metadata = ctx.state.authorizationServerMetadata;
    if (!metadata) return outcome('skip', 'No authorization server metadata.');
    const shown = [fieldsShown(metadata, ['code_challenge_methods_supported'])];
    const methods = metadata.code_challenge_methods_supported;
    if (Array.isArray(methods) && methods.includes('S256'))
      return outcome('pass', 'S256 is supported.', shown);
    return outcome(
      'fail',
      'code_challenge_methods_supported does not list S256: MCP clients must refuse to proceed without it.',
      shown,
    );
  },
};

export const issParameter: CheckDefinition = {
  id: 'iss_parameter',
  title: 'The authorization response carries iss (mix-up defence)',
  clause: 'RFC 9207 §3',
  async run(ctx) {
    const metadata = ctx.state.authorizationServerMetadata;
    if (!metadata) return outcome('skip', 'No authorization server metadata.');
    const shown = [fieldsShown(metadata, ['authorization_response_iss_parameter_supported'])];
    if (metadata.authorization_response_iss_parameter_supported === true)
      return outcome('pass', 'authorization_response_iss_parameter_supported: true', shown);
    return outcome(
      'warn',
      'authorization_response_iss_parameter_supported is not true: clients cannot tell which server sent a code back.',
      shown,
    );
  },
};

export const tokenEndpoint: CheckDefinition = {
  id: 'token_endpoint',
  title: 'The token endpoint is reachable and answers with OAuth errors',
  clause: 'RFC 6749 §5.2',
  async run(ctx) {
    const metadata = ctx.state.authorizationServerMetadata;
    if (!metadata) return outcome('skip', 'No authorization server metadata.');
    const endpoint = metadata.token_endpoint;
    if (typeof endpoint !== 'string')
      return outcome(
        'fail',
        'The metadata has no token_endpoint.',
        [fieldsShown(metadata, ['token_endpoint'])],
        'RFC 8414 §2',
      );
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return outcome('fail', `token_endpoint is not a URL: ${endpoint}`, [], 'RFC 8414 §2');
    }
    if (!isSecureOrLoopback(url))
      return outcome(
        'fail',
        `${endpoint} is not https.`,
        [],
        'OAuth 2.1 §1.5; MCP Authorization §Communication Security',
      );
    // An invented code: a working endpoint refuses it with a JSON error, which is all we need to see.
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'bmm-doctor-not-a-real-code',
      code_verifier: 'bmm-doctor-not-a-real-verifier-0123456789abcdef0123456789',
      redirect_uri: 'http://127.0.0.1/callback',
      client_id: 'bmm-auth-doctor',
    });
    const r = await probe(ctx.fetch, 'POST', endpoint, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    const error = (r.json as { error?: unknown } | undefined)?.error;
    if ((r.exchange.status === 400 || r.exchange.status === 401) && typeof error === 'string')
      return outcome('pass', `A made-up code is refused with HTTP ${r.exchange.status} error="${error}".`, [
        r.exchange,
      ]);
    if (r.exchange.status === null)
      return outcome('fail', `The token endpoint could not be reached: ${r.exchange.error}.`, [r.exchange]);
    return outcome(
      'fail',
      `Expected HTTP 400 with a JSON error for a made-up code, got HTTP ${r.exchange.status}${error ? '' : ' without an error field'}.`,
      [r.exchange],
    );
  },
};
