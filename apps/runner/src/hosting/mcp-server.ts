import type { LogLevel } from '@bmm/sandbox';
import { renderString } from '@bmm/spec';
import {
  type CallToolResult,
  fromJsonSchema,
  type GetPromptResult,
  McpServer,
  type McpServerFactory,
  type ServerContext,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import type { CallerIdentity } from '../auth/identity.js';
import type { CompiledTool, HostedVersion } from './hosted-version.js';
import { createToolSchemaValidator } from './schema-validator.js';
import { executeHostedTool, recordToolCall, type ToolExecutionDeps } from './tool-execution.js';
import { connectRequired, scrubTokens, type UpstreamAccessDeps, upstreamBridge } from './upstream-access.js';

export interface FactoryDeps extends ToolExecutionDeps {
  /** Upstream sign-in: the token vault and where reconnect links point. */
  upstream?: UpstreamAccessDeps;
}

type ToolHandler = (
  args: Record<string, unknown>,
  ctx: ServerContext,
  server: McpServer,
) => Promise<CallToolResult>;

/** The caller's identity and, on a replay, the result the fast path already computed. */
interface RunnerAuthExtra {
  caller?: CallerIdentity;
  replayResult?: CallToolResult;
}

function extraOf(ctx: ServerContext): RunnerAuthExtra | undefined {
  return ctx.http?.authInfo?.extra as RunnerAuthExtra | undefined;
}

function toolHandler(version: HostedVersion, tool: CompiledTool, deps: FactoryDeps): ToolHandler {
  const usesUpstreams = (version.spec.upstreams?.length ?? 0) > 0 && deps.upstream !== undefined;
  return async (args, ctx, server) => {
    const started = performance.now();
    const progressToken = ctx.mcpReq._meta?.progressToken;
    const caller = extraOf(ctx)?.caller;
    const access = usesUpstreams ? upstreamBridge(deps.upstream!, version, tool.spec, caller) : undefined;
    const needsConnect = () => {
      const need = access?.needed();
      if (!need) return null;
      recordToolCall(
        deps,
        version,
        tool,
        caller,
        'error',
        started,
        'The caller has not signed in to the upstream provider yet (asked to connect).',
      );
      return connectRequired(need, tool.spec.name, ctx, server.server.getClientCapabilities());
    };
    // A code tool that declares upstreamScopes needs those tokens: ask before running anything.
    if (access && tool.spec.impl.kind === 'code') {
      for (const id of tool.upstreams) await access.bridge.get(id).catch(() => {});
      const early = needsConnect();
      if (early) return early;
    }
    const result = await executeHostedTool(version, tool, args ?? {}, deps, {
      signal: ctx.mcpReq.signal,
      ...(access && { upstream: access.bridge }),
      onLog: (level: LogLevel, message: string) => {
        ctx.mcpReq.log(level, message, tool.spec.name).catch(() => {});
      },
      ...(progressToken !== undefined && {
        onProgress: (progress: number, total?: number, message?: string) => {
          ctx.mcpReq
            .notify({
              method: 'notifications/progress',
              params: {
                progressToken,
                progress,
                ...(total !== undefined && { total }),
                ...(message !== undefined && { message }),
              },
            })
            .catch(() => {});
        },
      }),
    });
    const late = needsConnect();
    if (late) return late;
    const answer = access
      ? scrubTokens(result as CallToolResult, access.handedOut)
      : (result as CallToolResult);
    recordToolCall(deps, version, tool, caller, result.isError ? 'error' : 'ok', started, answer as never);
    return answer;
  };
}

/**
 * The handler of a replay: the fast path already ran the tool (span, usage and all) and hands its
 * result to the SDK for what only the SDK should decide — output-schema checks, result validation
 * and encoding of any result shape the fast path does not serialize itself.
 */
const replayHandler: ToolHandler = async (_args, ctx) => {
  const result = extraOf(ctx)?.replayResult;
  if (!result) throw new Error('a replay request carries no result');
  return result;
};

interface PromptEntry {
  config: Parameters<McpServer['registerPrompt']>[1];
  render: (args: Record<string, unknown>) => GetPromptResult;
}

type PromptSpec = NonNullable<HostedVersion['spec']['prompts']>[number];
type ResourceSpec = NonNullable<HostedVersion['spec']['resources']>[number];

/** Each tool's registration config and handler (a replay handler in `replay` mode), built once per version. */
function toolEntries(version: HostedVersion, deps: FactoryDeps, mode: 'serve' | 'replay') {
  return [...version.tools.values()].map((tool) => ({
    name: tool.spec.name,
    config: {
      ...(tool.spec.title !== undefined && { title: tool.spec.title }),
      description: tool.spec.description,
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
      ...(tool.spec.annotations && { annotations: tool.spec.annotations }),
    },
    handler: mode === 'replay' ? replayHandler : toolHandler(version, tool, deps),
  }));
}

/** A prompt's config (string arguments as a schema) and the renderer of its messages. */
function promptEntry(
  prompt: PromptSpec,
  validator: ReturnType<typeof createToolSchemaValidator>,
): PromptEntry & { name: string } {
  const args = prompt.arguments ?? [];
  const argsSchema: StandardSchemaWithJSON | undefined = args.length
    ? fromJsonSchema(
        {
          type: 'object',
          properties: Object.fromEntries(
            args.map((a) => [
              a.name,
              { type: 'string', ...(a.description && { description: a.description }) },
            ]),
          ),
          required: args.filter((a) => a.required).map((a) => a.name),
        } as never,
        validator,
      )
    : undefined;
  return {
    name: prompt.name,
    config: {
      ...(prompt.title !== undefined && { title: prompt.title }),
      ...(prompt.description !== undefined && { description: prompt.description }),
      ...(argsSchema && { argsSchema }),
    } as PromptEntry['config'],
    render: (values) => ({
      ...(prompt.description !== undefined && { description: prompt.description }),
      messages: prompt.messages.map((m) => ({
        role: m.role,
        content: { type: 'text' as const, text: renderString(m.text, { args: values }) },
      })),
    }),
  };
}

function registerResource(server: McpServer, resource: ResourceSpec): void {
  server.registerResource(
    resource.name,
    resource.uri,
    {
      ...(resource.title !== undefined && { title: resource.title }),
      ...(resource.description !== undefined && { description: resource.description }),
      ...(resource.mimeType !== undefined && { mimeType: resource.mimeType }),
    },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: resource.mimeType ?? 'text/plain', text: resource.text }],
    }),
  );
}

/**
 * One factory per hosted version. The SDK asks it for a fresh McpServer per request (stateless
 * serving); everything costly — schemas, handlers, prompt definitions — is built here once, so a
 * request only pays for the McpServer object and a few map inserts.
 */
export function createServerFactory(
  version: HostedVersion,
  deps: FactoryDeps,
  mode: 'serve' | 'replay' = 'serve',
): McpServerFactory {
  const { spec } = version;
  const tools = toolEntries(version, deps, mode);
  const validator = createToolSchemaValidator();
  const prompts = (spec.prompts ?? []).map((prompt) => promptEntry(prompt, validator));
  const resources = spec.resources ?? [];
  const info = version.serverInfo;
  const options = {
    capabilities: {
      logging: {},
      tools: {},
      ...(resources.length && { resources: {} }),
      ...(prompts.length && { prompts: {} }),
    },
    ...(spec.instructions !== undefined && { instructions: spec.instructions }),
  };

  return () => {
    const server = new McpServer(info, options);
    for (const tool of tools)
      server.registerTool(tool.name, tool.config, ((args: Record<string, unknown>, ctx: ServerContext) =>
        tool.handler(args, ctx, server)) as never);
    for (const resource of resources) registerResource(server, resource);
    for (const prompt of prompts) {
      const cb = prompt.config.argsSchema
        ? (args: Record<string, unknown>) => prompt.render(args)
        : () => prompt.render({});
      server.registerPrompt(prompt.name, prompt.config, cb as never);
    }
    return server;
  };
}
