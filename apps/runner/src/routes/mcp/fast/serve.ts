import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel, ToolResult } from '@bmm/sandbox';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { CallerIdentity } from '../../../auth/identity.js';
import type { HostedEntry } from '../../../hosting/registry.js';
import {
  executeHostedTool,
  recordToolCall,
  type ToolExecutionDeps,
} from '../../../hosting/tool-execution.js';
import { askSdk, type WholeAnswer, writeWhole } from '../bridge.js';
import type { FastRequest } from './gate.js';
import { acquireSignal, releaseSignal } from './signals.js';

/** Exactly the headers the SDK's answers carry (the Node bridge lowercases them). */
const JSON_TYPE = 'application/json';
const SSE_HEADERS = {
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'content-type': 'text/event-stream',
  'x-accel-buffering': 'no',
} as const;
const SSE_PREFIX = 'event: message\ndata: ';
const SSE_SUFFIX = '\n\n';
const RESPONSE_TAIL = ',"jsonrpc":"2.0","id":';

export interface FastServeContext {
  entry: HostedEntry;
  deps: ToolExecutionDeps;
  authInfo: AuthInfo;
  req: IncomingMessage;
  res: ServerResponse;
  parsedBody: unknown;
}

/** `{"result":<result>,"jsonrpc":"2.0","id":<id>}`, the SDK's key order. */
function message(result: string, id: string | number): string {
  return `{"result":${result}${RESPONSE_TAIL}${typeof id === 'number' ? id : JSON.stringify(id)}}`;
}

function writeJson(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function writeSse(res: ServerResponse, body: string): void {
  res.writeHead(200, SSE_HEADERS);
  res.end(SSE_PREFIX + body + SSE_SUFFIX);
}

/** The one JSON-RPC message of a whole SDK answer (JSON, or SSE with a single event). */
function messageText(answer: WholeAnswer): string | undefined {
  if (answer.status !== 200 || answer.body === null) return undefined;
  const text = answer.body.toString('utf8');
  if (answer.headers['content-type'] === JSON_TYPE) return text;
  if (!text.startsWith(SSE_PREFIX) || !text.endsWith(SSE_SUFFIX)) return undefined;
  const data = text.slice(SSE_PREFIX.length, -SSE_SUFFIX.length);
  return data.includes(SSE_SUFFIX) ? undefined : data;
}

/**
 * `tools/list`, `server/discover`, `initialize`: the SDK answers the first such request of a
 * version (and requested revision) itself; its result is kept and repeated for every later one.
 */
async function serveRemembered(ctx: FastServeContext, request: FastRequest): Promise<ServedBy> {
  const key = `${request.era} ${request.method} ${request.requestedVersion ?? ''}`;
  const remembered = ctx.entry.answers.get(key);
  const id = request.id as string | number;
  if (remembered !== undefined) {
    const body = message(remembered, id);
    if (request.era === 'modern') writeJson(ctx.res, body);
    else writeSse(ctx.res, body);
    return 'fast';
  }
  const answer = await askSdk(
    ctx.entry.handler,
    ctx.req,
    ctx.entry.version.resourceUrl,
    ctx.parsedBody,
    ctx.authInfo,
  );
  writeWhole(ctx.res, answer);
  const text = messageText(answer);
  if (text !== undefined) {
    const parsed = JSON.parse(text) as { result?: unknown; id?: unknown };
    if (parsed.result !== undefined && parsed.id === id)
      ctx.entry.answers.set(key, JSON.stringify(parsed.result));
  }
  return 'sdk';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether the fast path serializes this result itself: text content only (`{type, text}`), an
 * object (or no) structuredContent, a boolean isError — every field the SDK's result schemas
 * accept unchanged. Other shapes (images, resources, annotations) are left to the SDK (replay).
 */
function isPlainResult(result: ToolResult): boolean {
  for (const item of result.content) {
    if (item.type !== 'text' || typeof item.text !== 'string') return false;
    let keys = 0;
    for (const _ in item) keys++;
    if (keys !== 2) return false;
  }
  return (
    typeof result.isError === 'boolean' &&
    (result.structuredContent === undefined || isPlainObject(result.structuredContent))
  );
}

const ignoreLog = () => {};

/** Runs the tool like the SDK's handler does, then answers in the SDK's framing. */
async function serveToolCall(ctx: FastServeContext, request: FastRequest): Promise<ServedBy> {
  const { entry, res, deps } = ctx;
  const { version } = entry;
  const tool = request.tool!;
  const id = request.id as string | number;
  const legacy = request.era === 'legacy';
  // The 2025 era answers every request over SSE: headers now, like the SDK's bridge (sent with the first event).
  if (legacy) res.writeHead(200, SSE_HEADERS);
  const caller = (ctx.authInfo.extra as { caller?: CallerIdentity } | undefined)?.caller;
  const signal = acquireSignal(res, tool);
  const started = performance.now();
  let result: ToolResult;
  try {
    result = await executeHostedTool(version, tool, request.args!, deps, {
      signal,
      // Stateless 2025-era servers send every log line (no logging/setLevel); 2026-07-28 requests
      // reach the fast path only without a log level in their envelope, so theirs are dropped.
      onLog: legacy
        ? (level: LogLevel, text: string) => {
            if (res.writableEnded) return;
            res.write(
              `${SSE_PREFIX}${JSON.stringify({
                jsonrpc: '2.0',
                method: 'notifications/message',
                params: { level, data: text, logger: tool.spec.name },
              })}${SSE_SUFFIX}`,
            );
          }
        : ignoreLog,
    });
  } finally {
    releaseSignal(res, signal, tool);
  }
  recordToolCall(deps, version, tool, caller, result.isError ? 'error' : 'ok', started, result);
  if (res.writableEnded || res.destroyed) return 'fast';

  const outputOk =
    tool.checkOutput === undefined ||
    result.isError ||
    (result.structuredContent !== undefined && tool.checkOutput(result.structuredContent));
  if (outputOk && isPlainResult(result)) {
    const json = JSON.stringify(result);
    if (legacy) res.end(SSE_PREFIX + message(json, id) + SSE_SUFFIX);
    else writeJson(res, message(`${json.slice(0, -1)}${entry.modernResultTail}`, id));
    return 'fast';
  }
  // Output-schema failures and rich content: the SDK decides, fed with the result already computed.
  const authInfo = { ...ctx.authInfo, extra: { ...ctx.authInfo.extra, replayResult: result } };
  const answer = await askSdk(entry.replay(), ctx.req, version.resourceUrl, ctx.parsedBody, authInfo);
  if (!legacy) writeWhole(res, answer);
  else {
    const text = answer.body?.toString('utf8') ?? '';
    res.end(answer.headers['content-type'] === JSON_TYPE ? SSE_PREFIX + text + SSE_SUFFIX : text);
  }
  return 'replay';
}

/**
 * Who answered: `fast` (the fast path alone), `replay` (the fast path ran the tool, the SDK encoded
 * its result), `sdk` (the SDK, e.g. the first `tools/list` of a version, whose result is then kept).
 */
export type ServedBy = 'fast' | 'replay' | 'sdk';

/** Answers a request `fastRequest` accepted. */
export async function serveFast(ctx: FastServeContext, request: FastRequest): Promise<ServedBy> {
  switch (request.method) {
    case 'tools/call':
      return serveToolCall(ctx, request);
    case 'ping':
      writeSse(ctx.res, message('{}', request.id as string | number));
      return 'fast';
    case 'notifications/initialized':
      ctx.res.writeHead(202);
      ctx.res.end();
      return 'fast';
    default:
      return serveRemembered(ctx, request);
  }
}
