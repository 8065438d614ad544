/**
 * An OAuth-protected MCP server that is not ours: built from the v1 `@modelcontextprotocol/sdk` the
 * way its own examples build one (`examples/server/simpleStreamableHttp.js --oauth-strict`): the
 * SDK's `mcpAuthRouter` with its demo in-memory provider as the authorization server on one port,
 * and the SDK's `Server` + `StreamableHTTPServerTransport` behind `requireBearerAuth` +
 * `mcpAuthMetadataRouter` on another, both on 127.0.0.1 with ports chosen at run time.
 *
 * What the demo provider lacks for a connector's life we add on top of it, and nothing else:
 * refresh tokens (rotating), revocation, and a switch that expires every live access token now.
 * The demo's authorize step approves at once (no login page), like the example.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import {
  createOAuthMetadata,
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthMetadataRouter,
  mcpAuthRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type {
  OAuthClientInformationFull,
  OAuthTokenRevocationRequest,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

interface Grant {
  clientId: string;
  scopes: string[];
  resource?: URL;
}

/** The SDK's demo provider, plus refresh tokens, revocation and server-side expiry. */
class DemoProviderWithRefresh extends DemoInMemoryAuthProvider {
  private readonly access = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly refresh = new Map<string, Grant>();
  readonly grantTypes: string[] = [];

  constructor(
    mcpUrl: URL,
    private readonly accessTtlSeconds: number,
  ) {
    // `--oauth-strict`: codes are redeemed only for this server's resource.
    super((resource) => resource?.href === mcpUrl.href);
  }

  private issue(grant: Grant): OAuthTokens {
    const accessToken = randomUUID();
    const refreshToken = randomUUID();
    this.access.set(accessToken, { grant, expiresAt: Date.now() + this.accessTtlSeconds * 1000 });
    this.refresh.set(refreshToken, grant);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.accessTtlSeconds,
      refresh_token: refreshToken,
      scope: grant.scopes.join(' '),
    };
  }

  override async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    verifier?: string,
  ): Promise<OAuthTokens> {
    this.grantTypes.push('authorization_code');
    // The demo checks the client and the resource and issues its one-hour token; we read what it
    // recorded for that token and issue ours in its place.
    const demo = await super.exchangeAuthorizationCode(client, code, verifier);
    const info = await super.verifyAccessToken(demo.access_token);
    return this.issue({ clientId: client.client_id, scopes: info.scopes, resource: info.resource });
  }

  override async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    refreshToken: string,
    scopes?: string[],
    resource?: URL,
  ): Promise<OAuthTokens> {
    this.grantTypes.push('refresh_token');
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('Unknown refresh token');
    // Stricter than the demo needs to be: a refresh must name the resource again (RFC 8707 §2.2).
    if (resource?.href !== grant.resource?.href) throw new InvalidGrantError('Wrong or missing resource');
    if (scopes?.some((s) => !grant.scopes.includes(s))) throw new InvalidGrantError('Scope not granted');
    this.refresh.delete(refreshToken); // rotation: each refresh token works once
    return this.issue(grant);
  }

  override async verifyAccessToken(token: string): Promise<AuthInfo> {
    const entry = this.access.get(token);
    if (!entry || entry.expiresAt <= Date.now()) throw new InvalidTokenError('Invalid or expired token');
    return {
      token,
      clientId: entry.grant.clientId,
      scopes: entry.grant.scopes,
      expiresAt: Math.floor(entry.expiresAt / 1000),
      ...(entry.grant.resource ? { resource: entry.grant.resource } : {}),
    };
  }

  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest) {
    const grant = this.refresh.get(request.token);
    if (!grant || grant.clientId !== client.client_id) return;
    // Revoking the refresh token ends the grant: its access tokens go too.
    for (const [token, entry] of this.access) if (entry.grant === grant) this.access.delete(token);
    this.refresh.delete(request.token);
  }

  /** Every access token issued so far is expired from now on (refresh tokens stay valid). */
  expireAccessTokens() {
    for (const entry of this.access.values()) entry.expiresAt = Date.now() - 1000;
  }
}

export interface IndependentMcpOptions {
  accessTtlSeconds?: number;
  /** Serve the authorization server on the MCP server's own origin (the v1 router's intended layout). */
  sameOrigin?: boolean;
  /**
   * Client ID Metadata Documents: advertise `client_id_metadata_document_supported` and resolve an
   * https client_id with this function (the demo's client store knows only registered clients).
   */
  resolveClientIdMetadataDocument?: (clientId: string) => Promise<unknown>;
}

export interface IndependentMcp {
  /** The MCP endpoint: http://127.0.0.1:<port>/mcp */
  mcpUrl: string;
  mcpOrigin: string;
  /** The authorization server's issuer as the SDK spells it (with a trailing slash at the root). */
  issuer: string;
  asOrigin: string;
  provider: DemoProviderWithRefresh;
  /** Every request either server received, as "METHOD as|mcp path". */
  requests: string[];
  /** Fields laid over the authorization server metadata it serves (e.g. a token_endpoint elsewhere). */
  metadataOverrides: Record<string, unknown>;
  /** Fields laid over the protected resource metadata it serves (e.g. authorization_servers). */
  resourceMetadataOverrides: Record<string, unknown>;
  /** When set, the MCP endpoint answers 307 to this URL instead of serving MCP. */
  redirectMcpTo: string | null;
  /** How long the token endpoint waits before answering (to make concurrent refreshes overlap). */
  tokenDelayMs: number;
  /** Waits for the next token requests, one per request in arrival order (then tokenDelayMs). */
  tokenDelaysMs: number[];
  close(): Promise<void>;
}

async function listening(server: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A JSON-RPC request body as express parsed it. */
type RpcBody = { method?: string; params?: { name?: string } } | undefined;

/** The tool that needs the extra scope: calling it with a base token gets the step-up challenge. */
export const ADMIN_SCOPE = 'mcp:admin';

function mcpServer(): Server {
  const server = new Server({ name: 'independent-v1', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      {
        name: 'add',
        description: 'Adds two numbers',
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
      },
      {
        name: 'whoami',
        description: 'What the access token says',
        inputSchema: { type: 'object', properties: {} },
      },
      {
        name: 'admin_reset',
        description: `Needs the ${ADMIN_SCOPE} scope`,
        inputSchema: { type: 'object', properties: {} },
      },
      {
        name: 'big',
        description: 'Answers `kib` KiB of text',
        inputSchema: { type: 'object', properties: { kib: { type: 'number' } }, required: ['kib'] },
      },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = (request.params.arguments ?? {}) as { a?: number; b?: number; kib?: number };
    switch (request.params.name) {
      case 'add': {
        const sum = Number(args.a) + Number(args.b);
        return { content: [{ type: 'text', text: String(sum) }], structuredContent: { sum } };
      }
      case 'whoami':
        return {
          content: [
            {
              type: 'text',
              text: JSON.stringify({
                clientId: extra.authInfo?.clientId,
                scopes: extra.authInfo?.scopes,
                resource: extra.authInfo?.resource?.href,
              }),
            },
          ],
        };
      case 'admin_reset':
        return { content: [{ type: 'text', text: 'reset done' }] };
      case 'big':
        return { content: [{ type: 'text', text: 'x'.repeat(Math.min(Number(args.kib), 4096) * 1024) }] };
      default:
        return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
    }
  });
  return server;
}

export async function startIndependentMcp(options: IndependentMcpOptions = {}): Promise<IndependentMcp> {
  const mcpHttp = createServer();
  const asHttp = options.sameOrigin ? mcpHttp : createServer();
  const mcpOrigin = `http://127.0.0.1:${await listening(mcpHttp)}`;
  const asOrigin = options.sameOrigin ? mcpOrigin : `http://127.0.0.1:${await listening(asHttp)}`;
  const mcpUrl = new URL(`${mcpOrigin}/mcp`);
  const provider = new DemoProviderWithRefresh(mcpUrl, options.accessTtlSeconds ?? 3600);
  const requests: string[] = [];
  const state: Pick<
    IndependentMcp,
    'metadataOverrides' | 'resourceMetadataOverrides' | 'redirectMcpTo' | 'tokenDelayMs' | 'tokenDelaysMs'
  > = {
    metadataOverrides: options.resolveClientIdMetadataDocument
      ? { client_id_metadata_document_supported: true }
      : {},
    resourceMetadataOverrides: {},
    redirectMcpTo: null,
    tokenDelayMs: 0,
    tokenDelaysMs: [],
  };
  const resolve = options.resolveClientIdMetadataDocument;
  if (resolve) {
    // Client ID Metadata Documents: an https client_id is fetched, and must name itself.
    const registered = provider.clientsStore.getClient.bind(provider.clientsStore);
    provider.clientsStore.getClient = async (clientId: string) => {
      if (!clientId.startsWith('https://')) return registered(clientId);
      const document = (await resolve(clientId)) as OAuthClientInformationFull | undefined;
      return document?.client_id === clientId ? document : undefined;
    };
  }

  // The authorization server (as in the SDK's demoInMemoryOAuthProvider.setupAuthServer).
  const issuerUrl = new URL(asOrigin);
  const scopesSupported = ['mcp:tools', ADMIN_SCOPE];
  // The SDK's per-IP rate limits (50 token requests in 15 minutes) would trip on a test file's worth
  // of sign-ins, all from 127.0.0.1.
  const unlimited = { rateLimit: false as const };
  const authRouterOptions = {
    provider,
    issuerUrl,
    scopesSupported,
    authorizationOptions: unlimited,
    clientRegistrationOptions: unlimited,
    revocationOptions: unlimited,
    tokenOptions: unlimited,
  };
  const oauthMetadata = createOAuthMetadata(authRouterOptions);
  const overriddenMetadata = (_req: unknown, res: { json(body: unknown): void }, next: () => void) => {
    if (Object.keys(state.metadataOverrides).length === 0) return next();
    res.json({ ...oauthMetadata, ...state.metadataOverrides });
  };
  const asApp = createMcpExpressApp();
  asApp.get('/.well-known/oauth-authorization-server', overriddenMetadata);
  asApp.post('/token', (_req, _res, next) => {
    setTimeout(next, state.tokenDelaysMs.shift() ?? state.tokenDelayMs);
  });
  asApp.use(mcpAuthRouter(authRouterOptions));

  // The resource server.
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(mcpUrl);
  const mcpApp = createMcpExpressApp();
  mcpApp.use((req, res, next) => {
    const onAs = options.sameOrigin
      ? !req.path.startsWith('/mcp') && !req.path.startsWith('/.well-known/oauth-protected-resource')
      : false;
    requests.push(`${req.method} ${onAs ? 'as' : 'mcp'} ${req.path}`);
    if (state.redirectMcpTo && req.path === '/mcp') return res.redirect(307, state.redirectMcpTo);
    next();
  });
  mcpApp.get(new URL(resourceMetadataUrl).pathname, (_req, res, next) => {
    if (Object.keys(state.resourceMetadataOverrides).length === 0) return next();
    res.json({
      resource: mcpUrl.href,
      authorization_servers: [oauthMetadata.issuer],
      scopes_supported: ['mcp:tools'],
      ...state.resourceMetadataOverrides,
    });
  });
  // mcpAuthMetadataRouter serves the AS metadata on this origin too: the same overrides apply.
  mcpApp.get('/.well-known/oauth-authorization-server', overriddenMetadata);
  mcpApp.use(
    mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: mcpUrl, scopesSupported: ['mcp:tools'] }),
  );
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl, expectedResource: mcpUrl });
  mcpApp.all('/mcp', bearer, async (req, res) => {
    // Step-up (MCP Authorization §Scope Challenge Handling): the admin tool needs one more scope.
    const body = req.body as RpcBody;
    const scopes = (req as { auth?: AuthInfo }).auth?.scopes ?? [];
    if (
      body?.method === 'tools/call' &&
      body.params?.name === 'admin_reset' &&
      !scopes.includes(ADMIN_SCOPE)
    ) {
      res
        .status(403)
        .set(
          'WWW-Authenticate',
          `Bearer error="insufficient_scope", scope="mcp:tools ${ADMIN_SCOPE}", resource_metadata="${resourceMetadataUrl}", error_description="admin_reset needs ${ADMIN_SCOPE}"`,
        )
        .json({ error: 'insufficient_scope' });
      return;
    }
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  if (options.sameOrigin) mcpApp.use(asApp);
  else {
    asHttp.on('request', (req, _res) => {
      requests.push(`${req.method} as ${new URL(req.url ?? '/', asOrigin).pathname}`);
    });
    asHttp.on('request', asApp);
  }
  mcpHttp.on('request', mcpApp);

  const close = (s: HttpServer) =>
    new Promise<void>((done) => {
      s.closeAllConnections();
      s.close(() => done());
    });
  return {
    mcpUrl: mcpUrl.href,
    mcpOrigin,
    issuer: issuerUrl.href,
    asOrigin,
    provider,
    requests,
    get metadataOverrides() {
      return state.metadataOverrides;
    },
    set metadataOverrides(v) {
      state.metadataOverrides = v;
    },
    get resourceMetadataOverrides() {
      return state.resourceMetadataOverrides;
    },
    set resourceMetadataOverrides(v) {
      state.resourceMetadataOverrides = v;
    },
    get tokenDelayMs() {
      return state.tokenDelayMs;
    },
    set tokenDelayMs(v) {
      state.tokenDelayMs = v;
    },
    get tokenDelaysMs() {
      return state.tokenDelaysMs;
    },
    set tokenDelaysMs(v) {
      state.tokenDelaysMs = v;
    },
    get redirectMcpTo() {
      return state.redirectMcpTo;
    },
    set redirectMcpTo(v) {
      state.redirectMcpTo = v;
    },
    async close() {
      await Promise.all([...new Set([asHttp, mcpHttp])].map(close));
    },
  };
}
