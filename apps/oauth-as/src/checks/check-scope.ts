import { InvalidScope, MCP_TOOLS_SCOPE, parseScope } from '@bmm/oauth';
import type { LiveServer } from '../servers/servers.repository.js';

/** The scopes a server's tools use (the base scope always included). */
export function serverScopeSet(server: LiveServer): string[] {
  const scopes = new Set([MCP_TOOLS_SCOPE]);
  for (const tool of server.spec.tools ?? [])
    for (const s of tool.scopes?.length ? tool.scopes : [MCP_TOOLS_SCOPE]) scopes.add(s);
  return [...scopes];
}

/** Requested scopes must be a subset of the server's; none requested means all of them. */
export function checkScope(scope: string | undefined, server: LiveServer): string[] {
  const supported = serverScopeSet(server);
  const requested = parseScope(scope);
  if (requested.length === 0) return supported;
  const unknown = requested.filter((s) => !supported.includes(s));
  if (unknown.length)
    throw new InvalidScope(
      `Scope not supported by ${server.slug}: ${unknown.join(' ').slice(0, 200)}. Supported: ${supported.join(' ')}.`,
    );
  return requested;
}
