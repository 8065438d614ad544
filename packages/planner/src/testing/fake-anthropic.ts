import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conversationProblem } from './fake-anthropic-checks.js';
import { type FakeContentBlock, type StreamOptions, writeMessageStream } from './fake-anthropic-stream.js';

/** One block of a scripted answer: text, or a tool call (its id is made up unless given). */
export type FakeBlock = { text: string } | { toolUse: { name: string; input: unknown; id?: string } };

/** One scripted answer of the fake Messages API. */
export type FakeReply =
  /** A message with one tool_use block (default tool name: emit_server_spec). */
  | { toolInput: unknown; toolName?: string; stopReason?: 'tool_use' | 'max_tokens'; stream?: StreamOptions }
  /** A message with a text block only. */
  | { text: string; stream?: StreamOptions }
  /**
   * A message with any blocks (text and tool calls); stop_reason is tool_use when it calls a tool,
   * else end_turn. `stream` shapes the answer when the request asked for `stream: true`.
   */
  | { content: FakeBlock[]; stopReason?: string; stream?: StreamOptions }
  /** An API error such as 429 rate_limit_error or 500 api_error. */
  | { status: number; errorType?: string; message?: string; headers?: Record<string, string> }
  /** Never answers (for timeouts); the connection is closed when the fake stops. */
  | { hang: true };

export interface FakeRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
  /** A streamed answer whose reader went away before message_stop (an aborted stream). */
  closedEarly?: boolean;
  /** The ids of the tool_use blocks the fake answered with. */
  toolUseIds?: string[];
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

const toolUseId = () => `toolu_${randomBytes(8).toString('hex')}`;

function contentOf(
  reply: Extract<FakeReply, { text: string } | { content: FakeBlock[] } | { toolInput: unknown }>,
): {
  content: FakeContentBlock[];
  stopReason: string;
} {
  if ('text' in reply) return { content: [{ type: 'text', text: reply.text }], stopReason: 'end_turn' };
  if ('content' in reply) {
    const content: FakeContentBlock[] = reply.content.map((b) =>
      'text' in b
        ? { type: 'text', text: b.text }
        : { type: 'tool_use', id: b.toolUse.id ?? toolUseId(), name: b.toolUse.name, input: b.toolUse.input },
    );
    const calls = content.some((b) => b.type === 'tool_use');
    return { content, stopReason: reply.stopReason ?? (calls ? 'tool_use' : 'end_turn') };
  }
  return {
    content: [
      {
        type: 'tool_use',
        id: toolUseId(),
        name: reply.toolName ?? 'emit_server_spec',
        input: reply.toolInput,
      },
    ],
    stopReason: reply.stopReason ?? 'tool_use',
  };
}

/**
 * A real HTTP server on 127.0.0.1 speaking enough of the Anthropic Messages API
 * (`POST /v1/messages`) for the real SDK: scripted answers (text, tool calls, several blocks),
 * streamed as the API streams them when asked (`stream: true`), the API's conversation rules for
 * tool use (a tool_use must be answered by a tool_result in the next request), invalid drafts and
 * errors.
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
    const problem = conversationProblem(body);
    if (problem) {
      send(400, { type: 'error', error: { type: 'invalid_request_error', message: problem } });
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
    const { content, stopReason } = contentOf(reply);
    request.toolUseIds = content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    const message = {
      id: `msg_${randomBytes(8).toString('hex')}`,
      model: body.model,
      content,
      stop_reason: stopReason,
      usage: {
        input_tokens: JSON.stringify(body.messages ?? []).length >> 2,
        output_tokens: JSON.stringify(content).length >> 2,
      },
    };
    if (body.stream === true) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'request-id': `req_${randomBytes(6).toString('hex')}`,
      });
      hanging.add(res);
      res.on('close', () => {
        hanging.delete(res);
        if (!res.writableFinished) request.closedEarly = true;
      });
      await writeMessageStream(res, message, reply.stream);
      return;
    }
    send(200, { ...message, type: 'message', role: 'assistant', stop_sequence: null });
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
