import type { ToolResult } from './types.js';

/** `data.items.0.name` into a JSON value; undefined when a step is missing. */
export function pickPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON value as MCP content: text always, structuredContent when it is an object. */
export function jsonResult(value: unknown): ToolResult {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
  return {
    content: [{ type: 'text', text }],
    ...(isPlainObject(value) ? { structuredContent: value } : {}),
    isError: false,
  };
}

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource', 'resource_link']);

/**
 * What a code tool returns, as a tool result: an MCP-shaped `{ content: [...] }` is passed through
 * (with its structuredContent/isError), anything else becomes text (+ structuredContent for objects).
 */
export function toolReturnToResult(value: unknown): ToolResult {
  if (
    isPlainObject(value) &&
    Array.isArray(value.content) &&
    value.content.every((c) => isPlainObject(c) && typeof c.type === 'string' && CONTENT_TYPES.has(c.type))
  ) {
    return {
      content: value.content as Array<Record<string, unknown>>,
      ...(isPlainObject(value.structuredContent) ? { structuredContent: value.structuredContent } : {}),
      isError: value.isError === true,
    };
  }
  return jsonResult(value === undefined ? null : value);
}

/** An upstream body as MCP content, by media type. */
export function bodyToResult(
  body: Buffer,
  contentType: string,
  pick: string | undefined,
  url: string,
): ToolResult {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/json' || mime.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = body.length ? JSON.parse(body.toString('utf8')) : null;
    } catch {
      return { content: [{ type: 'text', text: body.toString('utf8') }], isError: false };
    }
    return jsonResult(pick ? (pickPath(parsed, pick) ?? null) : parsed);
  }
  if (mime.startsWith('image/')) {
    return { content: [{ type: 'image', data: body.toString('base64'), mimeType: mime }], isError: false };
  }
  if (mime.startsWith('audio/')) {
    return { content: [{ type: 'audio', data: body.toString('base64'), mimeType: mime }], isError: false };
  }
  if (!mime || mime.startsWith('text/') || mime.endsWith('+xml') || mime === 'application/xml') {
    return { content: [{ type: 'text', text: body.toString('utf8') }], isError: false };
  }
  return {
    content: [{ type: 'resource', resource: { uri: url, mimeType: mime, blob: body.toString('base64') } }],
    isError: false,
  };
}
