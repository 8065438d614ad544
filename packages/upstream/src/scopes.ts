import { collectStrings, type ServerSpec, type ToolSpec, templateRefs } from '@bmm/spec';

const unique = (list: string[]) => [...new Set(list)].sort();

/**
 * The scopes to ask an upstream for: its base `scopes` plus the `upstreamScopes` of one tool, or of
 * every tool (at consent and reconnect, so one sign-in covers the whole server).
 */
export function requiredScopes(spec: ServerSpec, upstreamId: string, tool?: ToolSpec): string[] {
  const upstream = spec.upstreams?.find((u) => u.id === upstreamId);
  const base = upstream?.scopes ?? [];
  const tools = tool ? [tool] : spec.tools;
  return unique([...base, ...tools.flatMap((t) => t.upstreamScopes?.[upstreamId] ?? [])]);
}

/** True when every required scope was granted. */
export function scopesCovered(required: string[], granted: string[]): boolean {
  const have = new Set(granted);
  return required.every((s) => have.has(s));
}

/** The upstreams a tool uses for sure: `{{upstream.<id>.…}}` in an http tool, and its `upstreamScopes`. */
export function upstreamsOfTool(tool: ToolSpec): string[] {
  const ids = new Set(Object.keys(tool.upstreamScopes ?? {}));
  if (tool.impl.kind === 'http') {
    const { url, headers, query, body } = tool.impl;
    for (const s of collectStrings([url, headers ?? null, query ?? null, body ?? null]))
      for (const ref of templateRefs(s)) if (ref.source === 'upstream') ids.add(ref.path.split('.')[0]!);
  }
  return [...ids].sort();
}
