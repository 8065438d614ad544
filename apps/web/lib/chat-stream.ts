/** The playground chat's client side of `POST /v1/connectors/:id/chat` (Server-Sent Events). */
import { ApiError, NetworkError, type Problem } from './api';

/** A message of the conversation, as the Messages API takes it; the browser only keeps and resends it. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string | Record<string, unknown>[];
}

export type ChatStreamEvent =
  | { event: 'text'; data: { delta: string } }
  | { event: 'tool_use'; data: { id: string; name: string; input: unknown; round: number } }
  | {
      event: 'tool_result';
      data: {
        id: string;
        name: string;
        isError: boolean;
        durationMs: number;
        result: Record<string, unknown>;
      };
    }
  | {
      event: 'done';
      data: { messages: ChatMessage[]; stopReason: string; toolRounds: number; notice?: string };
    }
  | { event: 'error'; data: { code: string; message: string; messages: ChatMessage[] } };

/** `GET /v1/connectors/chat`. */
export interface ChatCapability {
  available: boolean;
  reason?: string;
  model?: string;
  maxToolRounds?: number;
}

/**
 * Splits what arrived so far into whole events; `rest` is an unfinished event to keep for the next
 * chunk. Comments (`: keep-alive`) and unknown events are skipped.
 */
export function parseEvents(buffer: string): { events: ChatStreamEvent[]; rest: string } {
  const normalized = buffer.replace(/\r\n/g, '\n');
  const parts = normalized.split('\n\n');
  const rest = parts.pop() ?? '';
  const events: ChatStreamEvent[] = [];
  for (const part of parts) {
    let name = 'message';
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (!data.length) continue;
    if (!['text', 'tool_use', 'tool_result', 'done', 'error'].includes(name)) continue;
    try {
      events.push({ event: name, data: JSON.parse(data.join('\n')) } as ChatStreamEvent);
    } catch {
      // A malformed event is dropped; the stream's end still settles the turn.
    }
  }
  return { events, rest };
}

/**
 * Sends the conversation and hands each event to `onEvent` as it arrives. Refusals before the
 * stream (400, 404, 409 chat_unavailable) throw ApiError; an unreachable api throws NetworkError;
 * `signal` stops it (an AbortError).
 */
export async function streamChat(
  connectorId: string,
  messages: ChatMessage[],
  onEvent: (event: ChatStreamEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/v1/connectors/${encodeURIComponent(connectorId)}/chat`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, application/problem+json' },
      body: JSON.stringify({ messages }),
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.startsWith('text/event-stream') || !res.body) {
    const problem = type.includes('json') ? ((await res.json().catch(() => null)) as Problem | null) : null;
    if (!problem && res.status >= 500) throw new NetworkError();
    throw new ApiError(res.status, { ...(problem ?? { code: 'error' }), status: res.status });
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const { events, rest } = parseEvents(buffer + value);
    buffer = rest;
    for (const event of events) onEvent(event);
  }
  const { events } = parseEvents(`${buffer}\n\n`);
  for (const event of events) onEvent(event);
}
