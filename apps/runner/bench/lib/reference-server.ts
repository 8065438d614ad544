/**
 * The reference the runner is compared with: one MCP server written the way the SDK documents it —
 * stateless Streamable HTTP (`createMcpHandler`, a fresh McpServer per request with a zod schema),
 * `requireBearerAuth` with a jose verifier against the JWKS (signature checked on every request).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  type AuthInfo,
  createMcpHandler,
  McpServer,
  OAuthError,
  OAuthErrorCode,
  requireBearerAuth,
} from '@modelcontextprotocol/server';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';

export async function startReferenceServer(options: {
  issuer: string;
  jwksUrl: string;
  audience: (port: number) => string;
}): Promise<{ url: string; server: Server }> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  let resource = '';
  const gate = requireBearerAuth({
    verifier: {
      async verifyAccessToken(token: string): Promise<AuthInfo> {
        try {
          const { payload } = await jwtVerify(token, jwks, {
            issuer: options.issuer,
            audience: resource,
            algorithms: ['RS256'],
          });
          return {
            token,
            clientId: String(payload.client_id),
            scopes: String(payload.scope ?? '')
              .split(' ')
              .filter(Boolean),
            expiresAt: payload.exp,
            resource: new URL(resource),
          };
        } catch {
          throw new OAuthError(OAuthErrorCode.InvalidToken, 'invalid token');
        }
      },
    },
    requiredScopes: ['mcp:tools'],
  });
  const handler = toNodeHandler(
    createMcpHandler(
      () => {
        const server = new McpServer({ name: 'reference', version: '1.0.0' });
        server.registerTool(
          'add',
          { description: 'Adds two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
          async ({ a, b }) => ({
            content: [{ type: 'text', text: JSON.stringify({ sum: a + b }) }],
            structuredContent: { sum: a + b },
          }),
        );
        return server;
      },
      { legacy: 'stateless' },
    ),
  );
  const server = createServer(async (req: IncomingMessage & { auth?: AuthInfo }, res) => {
    const auth = await gate(
      new Request(`http://127.0.0.1${req.url}`, {
        headers: { authorization: req.headers.authorization ?? '' },
      }),
    );
    if (auth instanceof Response) {
      res.writeHead(auth.status, Object.fromEntries(auth.headers));
      res.end(await auth.text());
      return;
    }
    req.auth = auth;
    await handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  resource = options.audience(port);
  return { url: `http://127.0.0.1:${port}/mcp`, server };
}
