import {
  type CallToolResult,
  fromJsonSchema,
  type JsonSchemaType,
  McpServer,
  requireScopes,
} from '@modelcontextprotocol/server';
import pkg from '../package.json' with { type: 'json' };
import spec from '../spec.json' with { type: 'json' };
import type { Config } from './config.js';
import { createExtras } from './extras.js';
import { callHttpTool, type HttpImpl, templateHost } from './http-tool.js';
import { checkOutbound, type OutboundPolicy, readCapped } from './outbound.js';
import { type BridgeRequest, DEFAULT_LIMITS, runCodeTool } from './sandbox.js';

interface ToolSpec {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, boolean>;
  scopes?: string[];
  impl: HttpImpl | { kind: 'code'; source: string };
}

interface ServerSpec {
  name: string;
  slug: string;
  description: string;
  instructions?: string;
  allowedHosts?: string[];
  tools: ToolSpec[];
}

const server = spec as unknown as ServerSpec;
const MAX_BRIDGE_BODY = 5 * 1024 * 1024;

function scopesOf(tool: ToolSpec): [string, ...string[]] {
  return tool.scopes?.length ? (tool.scopes as [string, ...string[]]) : ['mcp:tools'];
}

function errorResult(err: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: (err as Error).message ?? String(err) }] };
}

/**
 * Compiles every tool once and answers a factory that builds the (cheap) per-request McpServer the
 * stateless handler asks for.
 */
export function createServerFactory(config: Config): () => McpServer {
  const codeHosts = new Set(server.allowedHosts ?? []);
  const compiled = server.tools.map((tool) => {
    const hosts = new Set(codeHosts);
    if (tool.impl.kind === 'http') {
      const host = templateHost(tool.impl.url);
      if (host) hosts.add(host);
    }
    return {
      tool,
      policy: {
        allowedHosts: hosts,
        allowPrivateNetwork: config.allowPrivateNetwork,
      } satisfies OutboundPolicy,
      inputSchema: fromJsonSchema(tool.inputSchema as JsonSchemaType),
      outputSchema: tool.outputSchema ? fromJsonSchema(tool.outputSchema as JsonSchemaType) : undefined,
    };
  });

  async function bridgeFetch(request: BridgeRequest, policy: OutboundPolicy) {
    const url = new URL(request.url);
    await checkOutbound(url, policy);
    const res = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : (request.body ?? undefined),
      redirect: 'manual',
      signal: AbortSignal.timeout(config.toolTimeoutMs),
    });
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: await readCapped(res, MAX_BRIDGE_BODY),
    };
  }

  async function call(
    entry: (typeof compiled)[number],
    input: Record<string, unknown>,
  ): Promise<CallToolResult> {
    const { tool, policy } = entry;
    if (tool.impl.kind === 'http') {
      return callHttpTool(tool.impl, input, config.secrets, policy, config.toolTimeoutMs);
    }
    const logs: string[] = [];
    const result = await runCodeTool(
      tool.impl.source,
      input,
      {
        secrets: config.secrets,
        log: (message) => logs.push(message),
        fetch: (request) => bridgeFetch(request, { ...policy, allowedHosts: codeHosts }),
      },
      { ...DEFAULT_LIMITS, timeoutMs: Math.min(DEFAULT_LIMITS.timeoutMs, config.toolTimeoutMs) },
    );
    const text = typeof result === 'string' ? result : JSON.stringify(result);
    const structured =
      tool.outputSchema && result && typeof result === 'object' && !Array.isArray(result)
        ? { structuredContent: result as Record<string, unknown> }
        : {};
    return { content: [{ type: 'text', text }], ...structured };
  }

  const registerExtras = createExtras(spec as Parameters<typeof createExtras>[0]);

  return () => {
    const mcp = new McpServer(
      { name: server.slug, title: server.name, version: pkg.version },
      { instructions: server.instructions ?? server.description },
    );
    for (const entry of compiled) {
      const { tool } = entry;
      mcp.registerTool(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: entry.inputSchema,
          ...(entry.outputSchema ? { outputSchema: entry.outputSchema } : {}),
          annotations: tool.annotations,
          scopeChallenge: requireScopes(...scopesOf(tool)),
        },
        async (input: unknown) => {
          try {
            return await call(entry, (input ?? {}) as Record<string, unknown>);
          } catch (err) {
            return errorResult(err);
          }
        },
      );
    }
    registerExtras(mcp);
    return mcp;
  };
}
