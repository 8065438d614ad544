/** The playground chat's client side of `POST /v1/connectors/:id/chat` (Server-Sent Events). */
import type { ChatStreamEvent as ChatEvent, ChatEventName } from '@bmm/spec';
import { api, errorFor, NetworkError, type RequestBody } from './api';

/** A message of the conversation, as the Messages API takes it; the browser only keeps and resends it. */
export type ChatMessage = RequestBody<'/v1/connectors/{id}/chat', 'post'>['messages'][number];

/** One event of the stream; the api and this page share its type (`@bmm/spec`). */
export type ChatStreamEvent = ChatEvent<ChatMessage>;

const EVENT_NAMES: Record<ChatEventName, true> = {
  text: true,
  tool_use: true,
  tool_result: true,
  done: true,
  error: true,
};

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
    if (!Object.hasOwn(EVENT_NAMES, name)) continue;
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
  let settled: { response: Response; data?: Response['body']; error?: unknown };
  try {
    settled = await api.POST('/v1/connectors/{id}/chat', {
      params: { path: { id: connectorId } },
      body: { messages },
      headers: { accept: 'text/event-stream, application/problem+json' },
      parseAs: 'stream',
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
  const { response: res, data: body } = settled;
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.startsWith('text/event-stream') || !body) {
    // An error answer's body was read as text by the client; a 2xx that is not a stream is a problem too.
    throw errorFor(res, settled.error ?? null);
  }
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
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
