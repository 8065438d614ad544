import {
  type CallToolResult,
  fromJsonSchema,
  type JsonSchemaType,
  type jsonSchemaValidator,
  McpServer,
  requireScopes,
} from '@modelcontextprotocol/server';
import pkg from '../package.json' with { type: 'json' };
import spec from '../spec.json' with { type: 'json' };
import type { Config } from './config.js';
import { createExtras } from './extras.js';
import { executeHttpTool } from './platform/sandbox/http-tool.js';
import { readBodyCapped, safeFetch } from './platform/sandbox/network.js';
import { createSchemaValidator, type ServerSpec, type ToolSpec } from './platform/spec/index.js';
import { type BridgeRequest, DEFAULT_LIMITS, runCodeTool } from './sandbox.js';

const server = spec as unknown as ServerSpec;
const MAX_BRIDGE_BODY = 5 * 1024 * 1024;

function scopesOf(tool: ToolSpec): [string, ...string[]] {
  return tool.scopes?.length ? (tool.scopes as [string, ...string[]]) : ['mcp:tools'];
}

/**
 * The MCP SDK's validator seam over the platform's ajv (JSON Schema 2020-12, every `pattern` on RE2 in
 * linear time), so arguments are checked exactly as the hosted runner checks them.
 */
export function createToolSchemaValidator(): jsonSchemaValidator {
  const ajv = createSchemaValidator();
  return {
    getValidator<T>(schema: Record<string, unknown>) {
      const validate = ajv.compile(schema);
      return (input: unknown) =>
        validate(input)
          ? { valid: true as const, data: input as T, errorMessage: undefined }
          : {
              valid: false as const,
              data: undefined,
              errorMessage: ajv.errorsText(validate.errors, { dataVar: 'arguments' }),
            };
    },
  };
}

function errorResult(err: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: (err as Error).message ?? String(err) }] };
}

/**
 * Compiles every tool once and answers a factory that builds the (cheap) per-request McpServer the
 * stateless handler asks for.
 */
export function createServerFactory(config: Config): () => McpServer {
  const codeHosts = [...(server.allowedHosts ?? [])];
  const validator = createToolSchemaValidator();
  const compiled = server.tools.map((tool) => ({
    tool,
    inputSchema: fromJsonSchema(tool.inputSchema as JsonSchemaType, validator),
    outputSchema: tool.outputSchema
      ? fromJsonSchema(tool.outputSchema as JsonSchemaType, validator)
      : undefined,
  }));

  const call = createToolCaller(config, codeHosts);

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
            return await call(tool, (input ?? {}) as Record<string, unknown>);
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

/** Runs one tool: an \`http\` tool through the shared HTTP executor, a \`code\` tool in QuickJS. */
function createToolCaller(config: Config, codeHosts: string[]) {
  // ctx.fetch of code tools: the platform's guarded fetch (allowed hosts, no private addresses after
  // DNS resolution, every redirect hop re-checked).
  async function bridgeFetch(request: BridgeRequest) {
    const res = await safeFetch(
      request.url,
      {
        method: request.method,
        headers: request.headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : (request.body ?? undefined),
        signal: AbortSignal.timeout(config.toolTimeoutMs),
      },
      { allowedHosts: codeHosts, allowPrivateNetwork: config.allowPrivateNetwork },
    );
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: (await readBodyCapped(res, MAX_BRIDGE_BODY)).toString('utf8'),
    };
  }

  async function call(tool: ToolSpec, input: Record<string, unknown>): Promise<CallToolResult> {
    if (tool.impl.kind === 'http') {
      const result = await executeHttpTool(tool.impl, input, {
        secrets: config.secrets,
        allowedHosts: codeHosts,
        allowPrivateNetwork: config.allowPrivateNetwork,
        limits: { timeoutMs: config.toolTimeoutMs },
      });
      return result as CallToolResult;
    }
    const logs: string[] = [];
    const result = await runCodeTool(
      tool.impl.source,
      input,
      { secrets: config.secrets, log: (message) => logs.push(message), fetch: bridgeFetch },
      { ...DEFAULT_LIMITS, timeoutMs: Math.min(DEFAULT_LIMITS.timeoutMs, config.toolTimeoutMs) },
    );
    const text = typeof result === 'string' ? result : JSON.stringify(result);
    const structured =
      tool.outputSchema && result && typeof result === 'object' && !Array.isArray(result)
        ? { structuredContent: result as Record<string, unknown> }
        : {};
    return { content: [{ type: 'text', text }], ...structured };
  }

  return call;
}
