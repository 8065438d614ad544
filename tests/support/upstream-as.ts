/**
 * A real upstream for upstream sign-in tests: node-oidc-provider on a loopback port (authorization
 * code + PKCE, rotating refresh tokens, RFC 7009 revocation, introspection, a configurable access
 * token lifetime), and a small resource API that accepts only that provider's tokens (checked by
 * token introspection over HTTP) and answers "who am I".
 *
 * The person at the provider's sign-in page is the test: it follows the provider's redirects and
 * tells the interaction page who signs in (`x-upstream-user`), whether they agree
 * (`x-upstream-decision: deny`) and which scopes they leave ticked (`x-upstream-scopes`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface UpstreamAs {
  issuer: string;
  /** Base URL of the resource API (`/me`, `/items/write`). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Access-token lifetime in seconds for tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  /** Successful refresh_token grants at the token endpoint, in order (per account). */
  refreshes: string[];
  /** Requests to the revocation endpoint. */
  revocations: number;
  /** Every Authorization header the resource API received. */
  apiAuthorizations: string[];
  /** Grants the provider holds per account (what "revoke access in the provider's settings" ends). */
  revokeAccount(accountId: string): Promise<number>;
  /** Every token value the provider issued (access and refresh), to grep for leaks. */
  issuedTokens: Set<string>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startUpstreamAs(options: {
  redirectUri: string;
  accessTokenTtl?: number;
}): Promise<UpstreamAs> {
  let accessTokenTtl = options.accessTokenTtl ?? 3600;
  const clientId = 'bmm-upstream-app';
  const clientSecret = 'upstream-app-secret-7c1e';
  const introspector = { id: 'resource-api', secret: 'resource-api-secret-5b2d' };
  const grantsByAccount = new Map<string, Set<string>>();
  const refreshes: string[] = [];
  const apiAuthorizations: string[] = [];
  const issuedTokens = new Set<string>();
  let revocations = 0;

  const asServer = createServer();
  const asPort = await listen(asServer);
  const issuer = `http://127.0.0.1:${asPort}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: introspector.id,
        client_secret: introspector.secret,
        redirect_uris: [],
        grant_types: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'items:read', 'items:write'],
    claims: { email: ['email'], profile: ['name'] },
    findAccount: async (_ctx: KoaContextWithOIDC, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@upstream.test`, name: id }),
    }),
    ttl: {
      AccessToken: () => accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      Interaction: 600,
      Session: 600,
      Grant: 24 * 3600,
    },
    issueRefreshToken: async (_ctx: KoaContextWithOIDC, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    cookies: { keys: ['upstream-test-cookie-key-0123456789'] },
  } as never);
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const body = ctx.body as { access_token?: string; refresh_token?: string } | undefined;
    if (body?.access_token) issuedTokens.add(body.access_token);
    if (body?.refresh_token) issuedTokens.add(body.refresh_token);
    if (ctx.oidc.params?.grant_type === 'refresh_token')
      refreshes.push(String(ctx.oidc.entities.Account?.accountId ?? ''));
  });

  const callback = provider.callback();
  asServer.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname.endsWith('/revocation') || url.pathname.endsWith('/token/revocation')) revocations++;
    const m = url.pathname.match(/^\/interaction\/([^/]+)$/);
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.headers['x-upstream-decision'] === 'deny') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'The user said no at the upstream.' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const accountId = String(req.headers['x-upstream-user'] ?? '');
      if (!accountId) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('the test must say who signs in (x-upstream-user)');
        return;
      }
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      // The person may untick scopes (`x-upstream-scopes`): the grant then holds fewer than asked.
      const asked = String(details.params.scope ?? '')
        .split(' ')
        .filter(Boolean);
      const kept = req.headers['x-upstream-scopes']
        ? String(req.headers['x-upstream-scopes']).split(' ')
        : asked;
      grant.addOIDCScope(asked.filter((s) => kept.includes(s)).join(' '));
      const unticked = asked.filter((s) => !kept.includes(s));
      if (unticked.length) grant.rejectOIDCScope(unticked.join(' '));
      grant.addOIDCClaims(['email', 'name']);
      const grantId = await grant.save();
      const set = grantsByAccount.get(accountId) ?? new Set<string>();
      set.add(grantId);
      grantsByAccount.set(accountId, set);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });

  // The resource API: accepts only tokens the provider says are active (RFC 7662 over HTTP).
  const apiServer = createServer(async (req, res) => {
    const auth = req.headers.authorization ?? '';
    apiAuthorizations.push(auth);
    await readBody(req);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const token = auth.match(/^Bearer (.+)$/i)?.[1];
    if (!token) return send(401, { error: 'invalid_token', error_description: 'no bearer token' });
    const introspection = await fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${introspector.id}:${introspector.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token }),
    });
    const info = (await introspection.json()) as {
      active: boolean;
      sub?: string;
      scope?: string;
      client_id?: string;
    };
    if (!info.active) return send(401, { error: 'invalid_token', error_description: 'token is not active' });
    const scopes = (info.scope ?? '').split(' ');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/me') return send(200, { sub: info.sub, scopes, client_id: info.client_id });
    if (path === '/items/write') {
      if (!scopes.includes('items:write'))
        return send(403, { error: 'insufficient_scope', error_description: 'items:write required' });
      return send(200, { written: true, by: info.sub });
    }
    return send(404, { error: 'not_found' });
  });
  const apiPort = await listen(apiServer);

  return {
    issuer,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    clientId,
    clientSecret,
    setAccessTokenTtl(seconds) {
      accessTokenTtl = seconds;
    },
    refreshes,
    get revocations() {
      return revocations;
    },
    apiAuthorizations,
    issuedTokens,
    async revokeAccount(accountId) {
      const ids = grantsByAccount.get(accountId) ?? new Set();
      let n = 0;
      for (const id of ids) {
        const grant = await provider.Grant.find(id);
        if (grant) {
          await grant.destroy();
          n++;
        }
      }
      ids.clear();
      return n;
    },
    async close() {
      for (const s of [asServer, apiServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
