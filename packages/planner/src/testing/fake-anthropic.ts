import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the fake Messages API. */
export type FakeReply =
  /** A message with one tool_use block (default tool name: emit_server_spec). */
  | { toolInput: unknown; toolName?: string; stopReason?: 'tool_use' | 'max_tokens' }
  /** A message with a text block only. */
  | { text: string }
  /** An API error such as 429 rate_limit_error or 500 api_error. */
  | { status: number; errorType?: string; message?: string; headers?: Record<string, string> }
  /** Never answers (for timeouts); the connection is closed when the fake stops. */
  | { hang: true };

export interface FakeRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
}

export interface FakeAnthropic {
  /** Base URL for the SDK's `baseURL` option. */
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Adds answers to the queue, used first-in first-out. */
  enqueue(...replies: Array<FakeReply | ((request: FakeRequest) => FakeReply)>): void;
  /** The answer once the queue is empty (default: a 500 api_error naming the empty script). */
  setFallback(reply: FakeReply | ((request: FakeRequest) => FakeReply)): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/**
 * A real HTTP server on 127.0.0.1 speaking enough of the Anthropic Messages API
 * (`POST /v1/messages`) for the real SDK: scripted tool calls, invalid drafts and errors.
 */
export async function startFakeAnthropic(
  options: { replies?: FakeReply[]; apiKey?: string } = {},
): Promise<FakeAnthropic> {
  const queue: Array<FakeReply | ((request: FakeRequest) => FakeReply)> = [...(options.replies ?? [])];
  let fallback: FakeReply | ((request: FakeRequest) => FakeReply) = {
    status: 500,
    message: 'fake-anthropic: no scripted reply left',
  };
  const requests: FakeRequest[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      res.destroy();
      return;
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(6).toString('hex')}`,
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      send(404, {
        type: 'error',
        error: { type: 'not_found_error', message: `${req.method} ${req.url} not found` },
      });
      return;
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      send(400, { type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } });
      return;
    }
    const request: FakeRequest = { headers: req.headers, body };
    requests.push(request);
    // The SDK authenticates with `x-api-key` or `Authorization: Bearer`, depending on its version.
    const key = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (!key || (options.apiKey && key !== options.apiKey)) {
      send(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return;
    }
    const next = queue.shift() ?? fallback;
    const reply = typeof next === 'function' ? next(request) : next;
    if ('hang' in reply) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if ('status' in reply) {
      send(
        reply.status,
        {
          type: 'error',
          error: {
            type: reply.errorType ?? ERROR_TYPES[reply.status] ?? 'api_error',
            message: reply.message ?? 'scripted error',
          },
        },
        { 'retry-after-ms': '5', ...reply.headers },
      );
      return;
    }
    const usage = { input_tokens: JSON.stringify(body.messages ?? []).length >> 2, output_tokens: 0 };
    const content =
      'text' in reply
        ? [{ type: 'text', text: reply.text }]
        : [
            {
              type: 'tool_use',
              id: `toolu_${randomBytes(8).toString('hex')}`,
              name: reply.toolName ?? 'emit_server_spec',
              input: reply.toolInput,
            },
          ];
    usage.output_tokens = JSON.stringify(content).length >> 2;
    send(200, {
      id: `msg_${randomBytes(8).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: 'text' in reply ? 'end_turn' : (reply.stopReason ?? 'tool_use'),
      stop_sequence: null,
      usage,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setFallback: (reply) => {
      fallback = reply;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
