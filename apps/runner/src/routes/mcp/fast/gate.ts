import type { IncomingHttpHeaders } from 'node:http';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server';
import type { CompiledTool, HostedVersion } from '../../../hosting/hosted-version.js';

/** The one modern revision the SDK serves; the fast path answers nothing newer. */
export const MODERN_REVISION = '2026-07-28';
const LEGACY_REVISIONS = new Set(SUPPORTED_PROTOCOL_VERSIONS.filter((v) => v < MODERN_REVISION));

export type FastMethod =
  | 'tools/call'
  | 'tools/list'
  | 'server/discover'
  | 'ping'
  | 'initialize'
  | 'notifications/initialized';

/** A request the fast path answers the way the SDK would. */
export interface FastRequest {
  era: 'modern' | 'legacy';
  method: FastMethod;
  /** The JSON-RPC id (absent on the notification). */
  id: string | number | undefined;
  /** `tools/call`: the tool and its (already valid) arguments. */
  tool: CompiledTool | undefined;
  args: Record<string, unknown> | undefined;
  /** `initialize`: the revision the client asked for. */
  requestedVersion: string | undefined;
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether every own key of `value` is in `allowed`. */
function keysWithin(value: Json, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

function isEmpty(value: Json): boolean {
  for (const _ in value) return false;
  return true;
}

const MESSAGE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);
const CALL_KEYS = { modern: new Set(['name', 'arguments', '_meta']), legacy: new Set(['name', 'arguments']) };
const META_ONLY = new Set(['_meta']);
const ENVELOPE_KEYS = new Set([
  PROTOCOL_VERSION_META_KEY,
  CLIENT_INFO_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
]);
const INITIALIZE_KEYS = new Set(['protocolVersion', 'capabilities', 'clientInfo']);
const CLIENT_INFO_KEYS = new Set(['name', 'version', 'title', 'description', 'websiteUrl']);
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

/**
 * Client capabilities both eras' schemas surely accept: only `roots` (with a boolean `listChanged`),
 * `sampling` and `elicitation`, declared empty. Anything richer goes to the SDK.
 */
function plainCapabilities(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    const declared = value[key];
    if (!isPlainObject(declared)) return false;
    if (key === 'roots') {
      for (const k in declared) if (k !== 'listChanged' || typeof declared[k] !== 'boolean') return false;
    } else if ((key !== 'sampling' && key !== 'elicitation') || !isEmpty(declared)) return false;
  }
  return true;
}

function plainClientInfo(value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.name !== 'string' || typeof value.version !== 'string')
    return false;
  for (const key in value) if (!CLIENT_INFO_KEYS.has(key) || typeof value[key] !== 'string') return false;
  return true;
}

/** A 2026-07-28 envelope the SDK accepts as is: no progress token and no log level (no notifications). */
function plainEnvelope(meta: unknown): boolean {
  if (!isPlainObject(meta) || meta[PROTOCOL_VERSION_META_KEY] !== MODERN_REVISION) return false;
  if (!keysWithin(meta, ENVELOPE_KEYS) || !plainCapabilities(meta[CLIENT_CAPABILITIES_META_KEY]))
    return false;
  const info = meta[CLIENT_INFO_META_KEY];
  return info === undefined || plainClientInfo(info);
}

/** `tools/call` params naming a tool of this version the fast path serves, with valid arguments. */
function callOf(version: HostedVersion, params: Json): { tool: CompiledTool; args: Json } | undefined {
  const { name } = params;
  if (typeof name !== 'string') return undefined;
  const tool = version.tools.get(name);
  if (!tool?.fast) return undefined;
  const args = params.arguments ?? {};
  if (!isPlainObject(args) || !tool.checkInput(args)) return undefined;
  return { tool, args };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether the fast path may answer this request, and what it is. The rules are a strict subset of
 * what the SDK serves without complaint: a single JSON-RPC message of a hot method in a supported
 * revision, every header the SDK checks present and agreeing exactly, params in their plainest
 * form. Anything else — batches, other methods, unknown revisions, progress tokens, log levels,
 * invalid arguments, odd envelopes — returns undefined and goes to the SDK unchanged.
 */
export function fastRequest(
  version: HostedVersion,
  headers: IncomingHttpHeaders,
  body: unknown,
): FastRequest | undefined {
  const contentType = header(headers, 'content-type');
  if (contentType === undefined || !JSON_TYPES.has(contentType.toLowerCase())) return undefined;
  if (!isPlainObject(body) || body.jsonrpc !== '2.0' || !keysWithin(body, MESSAGE_KEYS)) return undefined;
  const { method, id, params } = body;
  if (params !== undefined && !isPlainObject(params)) return undefined;
  const versionHeader = header(headers, 'mcp-protocol-version');

  if (params !== undefined && params._meta !== undefined) {
    // The 2026-07-28 per-request envelope.
    if (typeof id !== 'string' && !Number.isSafeInteger(id)) return undefined;
    if (versionHeader !== MODERN_REVISION || header(headers, 'mcp-method') !== method) return undefined;
    if (!plainEnvelope(params._meta)) return undefined;
    if (method === 'tools/list' || method === 'server/discover') {
      if (!keysWithin(params, META_ONLY)) return undefined;
      return fast('modern', method, id as string | number);
    }
    if (method !== 'tools/call' || !keysWithin(params, CALL_KEYS.modern)) return undefined;
    const name = header(headers, 'mcp-name');
    if (name === undefined || name !== params.name || name.startsWith('=?')) return undefined;
    const call = callOf(version, params);
    return call && { ...fast('modern', method, id as string | number), tool: call.tool, args: call.args };
  }

  // 2025 era: stateless, always answered over SSE, so the client must accept both.
  if (versionHeader !== undefined && !LEGACY_REVISIONS.has(versionHeader)) return undefined;
  const accept = header(headers, 'accept');
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  if (id === undefined) {
    if (!('method' in body) || method !== 'notifications/initialized') return undefined;
    if (params !== undefined && !isEmpty(params)) return undefined;
    return fast('legacy', method, undefined);
  }
  if (typeof id !== 'string' && !Number.isSafeInteger(id)) return undefined;
  switch (method) {
    case 'ping':
    case 'tools/list':
      return params === undefined || isEmpty(params)
        ? fast('legacy', method, id as string | number)
        : undefined;
    case 'tools/call': {
      if (params === undefined || !keysWithin(params, CALL_KEYS.legacy)) return undefined;
      const call = callOf(version, params);
      return call && { ...fast('legacy', method, id as string | number), tool: call.tool, args: call.args };
    }
    case 'initialize': {
      if (params === undefined || !keysWithin(params, INITIALIZE_KEYS)) return undefined;
      const requested = params.protocolVersion;
      if (typeof requested !== 'string' || !LEGACY_REVISIONS.has(requested)) return undefined;
      if (!plainCapabilities(params.capabilities) || !plainClientInfo(params.clientInfo)) return undefined;
      return { ...fast('legacy', method, id as string | number), requestedVersion: requested };
    }
    default:
      return undefined;
  }
}

function fast(era: FastRequest['era'], method: FastMethod, id: string | number | undefined): FastRequest {
  return { era, method, id, tool: undefined, args: undefined, requestedVersion: undefined };
}
