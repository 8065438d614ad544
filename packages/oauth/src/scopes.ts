import { InvalidScope } from './errors.js';

/** The base scope every hosted MCP server accepts (tools may require more). */
export const MCP_TOOLS_SCOPE = 'mcp:tools';

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

/** Splits a space-separated scope string into unique tokens, in order; throws invalid_scope on bad tokens. */
export function parseScope(scope: string | undefined | null): string[] {
  if (!scope) return [];
  const tokens = scope.split(' ').filter(Boolean);
  if (tokens.length > 64) throw new InvalidScope('Too many scopes requested (at most 64).');
  for (const t of tokens) {
    if (!SCOPE_TOKEN.test(t)) throw new InvalidScope(`"${t.slice(0, 40)}" is not a valid scope token.`);
  }
  return [...new Set(tokens)];
}

export function formatScope(scopes: readonly string[]): string {
  return scopes.join(' ');
}

/** True when every scope of `requested` is in `granted`. */
export function scopesCovered(requested: readonly string[], granted: readonly string[]): boolean {
  const set = new Set(granted);
  return requested.every((s) => set.has(s));
}
