import { badRequest } from '@bmm/http';

/** Header names an MCP client sets itself, or that would smuggle hop-by-hop semantics. */
export const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'connection',
  'transfer-encoding',
  'mcp-protocol-version',
  'mcp-session-id',
  'mcp-method',
  'mcp-name',
]);

/** Refuses (400 reserved_header) a header the MCP client sets itself. */
export function checkHeaders(headers: Record<string, string> | undefined): void {
  for (const name of Object.keys(headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw badRequest('reserved_header', `The MCP client sets ${name} itself.`, [
        { field: `headers.${name}`, message: 'reserved' },
      ]);
  }
}
