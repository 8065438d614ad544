import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo, McpHttpHandler } from '@modelcontextprotocol/server';

/** Headers the SDK never needs: the credential stays with the runner's own check. */
const DROPPED = new Set([
  'authorization',
  'cookie',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
]);

function webRequest(req: IncomingMessage, url: string, signal?: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(url, { method: req.method ?? 'GET', headers, ...(signal && { signal }) });
}

/** A whole SDK answer, read to its end (only for exchanges that stream nothing before their result). */
export interface WholeAnswer {
  status: number;
  headers: Record<string, string>;
  /** null when the SDK answered without a body (202). */
  body: Buffer | null;
}

/** Asks the SDK and reads its whole answer instead of streaming it to the client. */
export async function askSdk(
  handler: McpHttpHandler,
  req: IncomingMessage,
  url: string,
  parsedBody: unknown,
  authInfo: AuthInfo,
): Promise<WholeAnswer> {
  const response = await handler.fetch(webRequest(req, url), { authInfo, parsedBody });
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers, body };
}

/** Writes an answer exactly as `serveMcp` would have written it. */
export function writeWhole(res: ServerResponse, answer: WholeAnswer): void {
  const streaming = answer.headers['content-type']?.startsWith('text/event-stream') ?? false;
  const headers =
    streaming || answer.body === null
      ? answer.headers
      : { ...answer.headers, 'content-length': String(answer.body.byteLength) };
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}

/**
 * Node ⇄ web glue for the SDK's `fetch` face, doing less than `toNodeHandler` where the runner already
 * did the work: the body is passed pre-parsed (no re-serialization into the Request), and a
 * non-streaming answer is written with one `end()` instead of chunk by chunk. SSE answers stream.
 */
export async function serveMcp(
  handler: McpHttpHandler,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  parsedBody: unknown,
  authInfo: AuthInfo,
): Promise<void> {
  const abort = new AbortController();
  let finished = false;
  res.on('close', () => {
    if (!finished) abort.abort();
  });
  const request = webRequest(req, url, abort.signal);
  const response = await handler.fetch(request, {
    authInfo,
    ...(parsedBody !== undefined && { parsedBody }),
  });
  const outHeaders: Record<string, string> = {};
  for (const [name, value] of response.headers) outHeaders[name] = value;
  const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
  if (!streaming || response.body === null) {
    const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
    if (body) outHeaders['content-length'] = String(body.byteLength);
    res.writeHead(response.status, outHeaders);
    finished = true;
    res.end(body);
    return;
  }
  res.writeHead(response.status, outHeaders);
  // Writes of one event-loop turn go out together (headers, the event, the end of a short stream),
  // while a long stream still flushes every turn.
  let corked = false;
  const uncorkSoon = () => {
    if (corked) return;
    corked = true;
    res.cork();
    setImmediate(() => {
      corked = false;
      res.uncork();
    });
  };
  try {
    for await (const chunk of response.body) {
      if (abort.signal.aborted) break;
      uncorkSoon();
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
  } catch {
    // The client went away or the handler failed mid-stream; the response just ends.
  }
  finished = true;
  res.end();
}
