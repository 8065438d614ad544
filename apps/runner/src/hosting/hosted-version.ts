import type { Visibility } from '@bmm/db';
import { templateHost } from '@bmm/sandbox';
import type { ServerSpec, ToolSpec } from '@bmm/spec';
import { serverScopes, toolScopes } from '@bmm/spec';
import { upstreamsOfTool } from '@bmm/upstream';
import { fromJsonSchema, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { createToolSchemaValidator } from './schema-validator.js';

export interface CompiledTool {
  spec: ToolSpec;
  scopes: string[];
  allowedHosts: string[];
  /** Upstreams the tool surely uses (templates, upstreamScopes); code tools may ask for more. */
  upstreams: string[];
  inputSchema: StandardSchemaWithJSON;
  outputSchema?: StandardSchemaWithJSON;
  /** The same compiled schemas as raw checks, for the fast path. */
  checkInput: (args: unknown) => boolean;
  checkOutput?: (structured: unknown) => boolean;
  /** Warm-VM key: one per server version and tool. */
  reuseKey: string;
  /**
   * Whether the fast path may serve calls of this tool: no `x-mcp-header` parameters (the SDK checks
   * `Mcp-Param-*` headers), no output schema whose root is not an object (2025-era wrapping), and a
   * server without upstream sign-in (token resolution and URL elicitation stay with the SDK).
   */
  fast: boolean;
}

/** One deployed version of one server, ready to serve: schemas compiled, secrets decrypted. */
export interface HostedVersion {
  serverId: string;
  orgId: string;
  slug: string;
  /** Who may connect; anything but `public` is not disclosed to unauthenticated callers. */
  visibility: Visibility;
  versionId: string;
  version: number;
  spec: ServerSpec;
  tools: Map<string, CompiledTool>;
  /** Every scope the server's tools may require (advertised in metadata and challenges). */
  scopes: string[];
  secrets: Record<string, string>;
  resourceUrl: string;
  metadataUrl: string;
  /** The MCP server's implementation info (`name` = slug, `title` = name, `version`). */
  serverInfo: { name: string; title: string; version: string };
}

export interface VersionSource {
  serverId: string;
  orgId: string;
  slug: string;
  visibility: Visibility;
  versionId: string;
  version: number;
  spec: ServerSpec;
  secrets: Record<string, string>;
}

/** Compiles a version's tools once; requests only look things up. */
export function compileVersion(
  source: VersionSource,
  urls: { resourceUrl: string; metadataUrl: string },
): HostedVersion {
  const validator = createToolSchemaValidator();
  const tools = new Map<string, CompiledTool>();
  const withUpstreams = (source.spec.upstreams?.length ?? 0) > 0;
  for (const tool of source.spec.tools) {
    const allowedHosts = [...(source.spec.allowedHosts ?? [])];
    if (tool.impl.kind === 'http') {
      const host = templateHost(tool.impl.url);
      if (host) allowedHosts.push(host);
    }
    const output = tool.outputSchema as Record<string, unknown> | undefined;
    tools.set(tool.name, {
      spec: tool,
      scopes: toolScopes(tool),
      allowedHosts,
      upstreams: upstreamsOfTool(tool),
      inputSchema: fromJsonSchema(tool.inputSchema as never, validator),
      checkInput: validator.check(tool.inputSchema as Record<string, unknown>),
      ...(output && {
        outputSchema: fromJsonSchema(output as never, validator),
        checkOutput: validator.check(output),
      }),
      reuseKey: `${source.versionId}/${tool.name}`,
      fast:
        !withUpstreams &&
        !JSON.stringify(tool.inputSchema).includes('"x-mcp-header"') &&
        (output === undefined || output.type === 'object'),
    });
  }
  const serverInfo = { name: source.spec.slug, title: source.spec.name, version: String(source.version) };
  return { ...source, tools, scopes: serverScopes(source.spec), ...urls, serverInfo };
}
