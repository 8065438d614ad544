import { sendProblem } from '@bmm/http';
import { SLUG_PATTERN } from '@bmm/spec';
import { withSpan } from '@bmm/telemetry';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hostCheck, originAllowed } from '../../auth/host-check.js';
import { resourceFace } from '../../auth/resource-face.js';
import type { RunnerContext } from '../../context.js';
import type { HostedVersion } from '../../hosting/hosted-version.js';
import type { HostedEntry } from '../../hosting/registry.js';
import { authenticate, sendChallenge } from './authenticate.js';
import { serveMcp } from './bridge.js';
import { fastRequest } from './fast/gate.js';
import { serveFast } from './fast/serve.js';
import { inspectBody } from './inspect.js';
import { traceOptions } from './trace.js';

const ALLOWED_HEADERS =
  'authorization, content-type, accept, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id';
const EXPOSED_HEADERS = 'www-authenticate, mcp-session-id, mcp-protocol-version, retry-after';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const paramsSchema = {
  type: 'object',
  required: ['slug'],
  properties: { slug: { type: 'string', pattern: SLUG_PATTERN } },
};

interface McpRequest {
  Params: { slug: string };
}

function grantsAll(granted: readonly string[], needed: readonly string[]): boolean {
  for (const scope of needed) if (!granted.includes(scope)) return false;
  return true;
}

function setCors(request: FastifyRequest, reply: FastifyReply, ctx: RunnerContext): void {
  const origin = request.headers.origin;
  if (origin && originAllowed(ctx.hostPolicy, origin)) {
    reply.raw.setHeader('access-control-allow-origin', origin);
    reply.raw.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    reply.raw.setHeader('vary', 'origin');
  }
}

/**
 * `/<slug>/mcp`: host check → token → scopes and plan limit → the SDK's handler for that version
 * (Streamable HTTP; 2026-07-28 per-request and 2025-era stateless).
 */
export async function mcpRoutes(app: FastifyInstance, opts: { ctx: RunnerContext }): Promise<void> {
  const { ctx } = opts;
  app.addHook('onRequest', hostCheck(ctx.hostPolicy));
  app.addHook('onSend', async (request, reply) => {
    setCors(request, reply, ctx);
  });

  // `/<slug>/mcp/` is the same endpoint (clients and proxies add the slash); the token audience
  // stays the canonical URL without it.
  for (const url of ['/:slug/mcp', '/:slug/mcp/']) registerEndpoint(app, ctx, url);
}

function registerEndpoint(app: FastifyInstance, ctx: RunnerContext, url: string): void {
  app.options<McpRequest>(url, { schema: { params: paramsSchema } }, async (_request, reply) =>
    reply
      .header('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '86400')
      .code(204)
      .send(),
  );

  app.route<McpRequest>({
    method: ['GET', 'POST', 'DELETE'],
    url,
    bodyLimit: MAX_BODY_BYTES,
    // Every call is recorded in usage_events; two info lines per call would cost more than the call.
    logLevel: 'warn',
    // JSON-RPC is validated by the SDK and passed to tools, never stored: tool input may hold any text.
    config: { inputGuard: { body: false } },
    // The body is JSON-RPC, validated by the SDK; the params are ours.
    schema: { params: paramsSchema },
    handler: async (request, reply) => {
      // Spans (when tracing is on): version load, token check, then the MCP exchange with its tools.
      const trace = traceOptions(request);
      const entry = await withSpan(
        'runner.version_load',
        undefined,
        () => ctx.registry.get(request.params.slug),
        trace,
      );
      // Unknown and private slugs answer alike until a valid token for this server is shown.
      const face = resourceFace(ctx.runnerUrl, request.params.slug, entry?.version ?? null);
      const auth = await withSpan(
        'runner.token_check',
        undefined,
        () => authenticate(ctx, request.headers.authorization, face, entry?.version ?? null, reply),
        trace,
      );
      if (!auth || !entry) return reply;
      const refused = await refuseRequest(ctx, entry.version, auth.token.scopes, request.body, reply);
      if (refused) return refused;
      reply.hijack();
      setCors(request, reply, ctx);
      await exchange(ctx, entry, auth.authInfo, request, reply, trace);
    },
  });
}

/**
 * The scope and plan checks before the exchange: a 403 `insufficient_scope` challenge for a tool call
 * (or any request) the token's scopes do not cover, a 429 once the org's plan is used up. Answers the
 * sent reply, or undefined when the request may go on.
 */
async function refuseRequest(
  ctx: RunnerContext,
  version: HostedVersion,
  granted: readonly string[],
  rawBody: unknown,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const body = inspectBody(rawBody);
  for (const name of body.toolCalls) {
    const tool = version.tools.get(name);
    if (!tool || grantsAll(granted, tool.scopes)) continue;
    const missing = tool.scopes.filter((s) => !granted.includes(s));
    const needed = [...new Set([...granted, ...tool.scopes])];
    return sendChallenge(
      reply,
      version,
      403,
      'insufficient_scope',
      `The tool ${name} needs the scope ${missing.join(' ')}.`,
      needed,
    );
  }
  if (body.hasRequests && !version.scopes.some((s) => granted.includes(s))) {
    return sendChallenge(
      reply,
      version,
      403,
      'insufficient_scope',
      'The token grants no scope of this server.',
      version.scopes,
    );
  }
  if (body.toolCalls.length) {
    const retryAfter = await ctx.planGuard.check(version.orgId);
    if (retryAfter !== undefined) {
      reply.header('retry-after', String(retryAfter));
      return sendProblem(reply, 429, {
        code: 'plan_limit_reached',
        detail: "This server's organization has used all tool calls of its plan for this month.",
      });
    }
  }
  return undefined;
}

/** The MCP exchange on the hijacked reply: the fast path when it takes the request, else the SDK. */
async function exchange(
  ctx: RunnerContext,
  entry: HostedEntry,
  authInfo: AuthInfo,
  request: FastifyRequest<McpRequest>,
  reply: FastifyReply,
  trace: ReturnType<typeof traceOptions>,
): Promise<void> {
  const { version } = entry;
  const fast =
    ctx.fastPath && request.method === 'POST'
      ? fastRequest(version, request.headers, request.body)
      : undefined;
  try {
    const servedBy = await withSpan(
      'runner.mcp',
      { 'mcp.server.version': version.version },
      async () => {
        if (fast)
          return serveFast(
            {
              entry,
              deps: ctx.fastPath!,
              authInfo,
              req: request.raw,
              res: reply.raw,
              parsedBody: request.body,
            },
            fast,
          );
        await serveMcp(entry.handler, request.raw, reply.raw, version.resourceUrl, request.body, authInfo);
        return 'sdk' as const;
      },
      trace,
    );
    if (request.method === 'POST') ctx.metrics.mcpServed(servedBy);
  } catch (err) {
    request.log.error({ err }, 'mcp handler failed');
    if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
    if (!reply.raw.writableEnded) reply.raw.end();
  }
}
