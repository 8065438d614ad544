import type { ServerSpec, ToolSpec } from './types.js';

/** The scope every token needs to use a hosted server's tools. */
export const BASE_SCOPE = 'mcp:tools';

export function toolScopes(tool: ToolSpec): string[] {
  return tool.scopes?.length ? tool.scopes : [BASE_SCOPE];
}

/** Every scope a server's tools may require, base scope first. */
export function serverScopes(spec: Pick<ServerSpec, 'tools'>): string[] {
  const scopes = new Set<string>([BASE_SCOPE]);
  for (const tool of spec.tools) for (const s of toolScopes(tool)) scopes.add(s);
  return [...scopes];
}
