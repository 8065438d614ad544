import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Ways the fixture can be wrong, one per spec clause the auth doctor checks. */
export type Fault =
  | 'no-challenge-header'
  | 'no-resource-metadata-param'
  | 'error-without-token'
  | 'invalid-token-403'
  | 'resource-trailing-slash'
  | 'no-authorization-servers'
  | 'metadata-appended-only'
  | 'issuer-mismatch'
  | 'no-s256'
  | 'no-registration'
  | 'no-iss-parameter'
  | 'token-endpoint-500'
  | 'modern-era-refused'
  | 'no-cors'
  | 'origin-ignored'
  | 'forbidden-instead-of-401';

export interface OAuthFixture {
  url: string;
  mcpUrl: string;
  issuer: string;
  faults: Set<Fault>;
  registered: string[];
  deleted: string[];
  close(): Promise<void>;
}

/**
 * A deliberately configurable OAuth-protected MCP endpoint with its own authorization server
 * (issuer under a path), answering only what the auth doctor asks. Correct by default; each
 * fault breaks exactly one thing.
 */
export async function startOAuthFixture(faults: Fault[] = []): Promise<OAuthFixture> {
  const state = { faults: new Set<Fault>(faults), registered: [] as string[], deleted: [] as string[] };
  let base = '';
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const handler = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const f = state.faults;
    const url = new URL(req.url ?? '/', base);
    const cors: Record<string, string> = f.has('no-cors') ? {} : { 'access-control-allow-origin': '*' };
    const issuer = `${base}/as`;
    if (url.pathname === '/mcp' && req.method === 'POST') {
      if (req.headers.origin && !f.has('origin-ignored'))
        return json(res, 403, { error: 'origin not allowed' });
      if (f.has('modern-era-refused') && req.headers['mcp-protocol-version'] === '2026-07-28')
        return json(res, 400, {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32600, message: 'unsupported version' },
        });
      const metadata = `${base}/.well-known/oauth-protected-resource/mcp`;
      const challenge = f.has('no-resource-metadata-param')
        ? 'Bearer scope="mcp"'
        : f.has('error-without-token')
          ? `Bearer error="invalid_token", error_description="Missing Authorization header", resource_metadata="${metadata}"`
          : `Bearer resource_metadata="${metadata}", scope="mcp"`;
      if (f.has('forbidden-instead-of-401')) return json(res, 403, { error: 'forbidden' });
      if (req.headers.authorization) {
        // No token is ever valid here: every bearer is refused as invalid_token (or, broken, 403).
        if (f.has('invalid-token-403')) return json(res, 403, { error: 'forbidden' });
        return json(
          res,
          401,
          { error: 'invalid_token' },
          { 'www-authenticate': `Bearer resource_metadata="${metadata}", error="invalid_token"` },
        );
      }
      return json(
        res,
        401,
        { error: 'unauthorized' },
        f.has('no-challenge-header') ? {} : { 'www-authenticate': challenge },
      );
    }
    if (url.pathname === '/.well-known/oauth-protected-resource/mcp' && req.method === 'GET') {
      return json(
        res,
        200,
        {
          resource: f.has('resource-trailing-slash') ? `${base}/mcp/` : `${base}/mcp`,
          ...(f.has('no-authorization-servers') ? {} : { authorization_servers: [issuer] }),
          scopes_supported: ['mcp'],
        },
        cors,
      );
    }
    const asMetadata = {
      issuer: f.has('issuer-mismatch') ? `${base}/other-issuer` : issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      ...(f.has('no-registration') ? {} : { registration_endpoint: `${issuer}/register` }),
      response_types_supported: ['code'],
      code_challenge_methods_supported: f.has('no-s256') ? ['plain'] : ['S256'],
      ...(f.has('no-iss-parameter') ? {} : { authorization_response_iss_parameter_supported: true }),
    };
    const inserted = url.pathname === '/.well-known/oauth-authorization-server/as';
    const appended = url.pathname === '/as/.well-known/oauth-authorization-server';
    if ((inserted && !f.has('metadata-appended-only')) || (appended && f.has('metadata-appended-only')))
      return json(res, 200, asMetadata);
    if (url.pathname === '/as/token' && req.method === 'POST') {
      if (f.has('token-endpoint-500')) return json(res, 500, { message: 'boom' });
      return json(res, 400, { error: 'invalid_grant', error_description: 'unknown code' });
    }
    if (url.pathname === '/as/register' && req.method === 'POST') {
      const id = `client-${state.registered.length + 1}`;
      state.registered.push(id);
      const metadata = JSON.parse(body || '{}');
      return json(res, 201, {
        ...metadata,
        client_id: id,
        registration_access_token: `rat-${id}`,
        registration_client_uri: `${issuer}/register/${id}`,
      });
    }
    const manage = url.pathname.match(/^\/as\/register\/([\w-]+)$/);
    if (manage && req.method === 'DELETE' && req.headers.authorization === `Bearer rat-${manage[1]}`) {
      state.deleted.push(manage[1]!);
      res.writeHead(204).end();
      return;
    }
    json(res, 404, { error: 'not_found' });
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    mcpUrl: `${base}/mcp`,
    issuer: `${base}/as`,
    faults: state.faults,
    registered: state.registered,
    deleted: state.deleted,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
