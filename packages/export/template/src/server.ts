import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  type AuthInfo,
  bearerAuthChallengeResponse,
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  verifyBearerToken,
} from '@modelcontextprotocol/server';
import spec from '../spec.json' with { type: 'json' };
import { createTokenVerifier } from './auth.js';
import { loadConfig } from './config.js';
import { createServerFactory } from './tools.js';

const config = loadConfig();
const verifier = createTokenVerifier(config);
const mcpPath = config.resourceUrl.pathname;
const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(config.resourceUrl);
const metadataPaths = new Set([
  new URL(resourceMetadataUrl).pathname,
  '/.well-known/oauth-protected-resource',
]);
const toolScopes = new Set<string>(config.requiredScopes);
for (const tool of spec.tools as { scopes?: string[] }[])
  for (const s of tool.scopes ?? []) toolScopes.add(s);

// RFC 9728 protected-resource metadata: which AS issues tokens for this server.
const resourceMetadata = {
  resource: config.resourceUrl.href,
  authorization_servers: [config.issuer],
  scopes_supported: [...toolScopes],
  bearer_methods_supported: ['header'],
  resource_name: spec.name,
};

const mcp = toNodeHandler(createMcpHandler(createServerFactory(config), { legacy: 'stateless' }));

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/healthz') return json(res, 200, { status: 'ok' });
  if (req.method === 'GET' && metadataPaths.has(path)) return json(res, 200, resourceMetadata);
  if (path !== mcpPath) return json(res, 404, { error: 'not_found' });

  // The token check runs before the MCP layer sees anything; the token is never forwarded upstream.
  try {
    req.auth = await verifyBearerToken(req.headers.authorization, {
      verifier,
      requiredScopes: config.requiredScopes,
      resourceMetadataUrl,
    });
  } catch (err) {
    return send(
      res,
      bearerAuthChallengeResponse(err, { requiredScopes: config.requiredScopes, resourceMetadataUrl }),
    );
  }
  await mcp(req, res);
}

const httpServer = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error('request failed:', (err as Error).message);
    if (!res.headersSent) json(res, 500, { error: 'server_error' });
    else res.end();
  });
});

httpServer.listen(config.port, config.host, () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(JSON.stringify({ msg: 'listening', port, resource: config.resourceUrl.href }));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    httpServer.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
