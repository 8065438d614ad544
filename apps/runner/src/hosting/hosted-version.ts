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
  for (const tool of source.spec.tools) {
    const allowedHosts = [...(source.spec.allowedHosts ?? [])];
    if (tool.impl.kind === 'http') {
      const host = templateHost(tool.impl.url);
      if (host) allowedHosts.push(host);
    }
    tools.set(tool.name, {
      spec: tool,
      scopes: toolScopes(tool),
      allowedHosts,
      upstreams: upstreamsOfTool(tool),
      inputSchema: fromJsonSchema(tool.inputSchema as never, validator),
      ...(tool.outputSchema ? { outputSchema: fromJsonSchema(tool.outputSchema as never, validator) } : {}),
    });
  }
  return { ...source, tools, scopes: serverScopes(source.spec), ...urls };
}
