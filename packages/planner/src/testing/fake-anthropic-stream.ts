import type { ServerResponse } from 'node:http';

/** A content block of a message the fake answers, as the Messages API returns it. */
export type FakeContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface FakeMessage {
  id: string;
  model: string;
  content: FakeContentBlock[];
  stop_reason: string;
  usage: { input_tokens: number; output_tokens: number };
}

export interface StreamOptions {
  /** Pause between events, so a reader sees the answer arrive in pieces (default 0). */
  delayMs?: number;
  /** Characters per text_delta / input_json_delta (default 8). */
  chunkSize?: number;
  /** Stop after this many content deltas and keep the connection open (client aborts, timeouts). */
  stallAfterDeltas?: number;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

/**
 * Writes `message` as the Messages API streams it (`stream: true`): message_start, ping, then per
 * block content_block_start / content_block_delta (text_delta, or input_json_delta for tool_use,
 * whose start carries `input: {}`) / content_block_stop, message_delta with the stop_reason and
 * message_stop. Resolves false when the stream stalled on purpose or the reader went away.
 */
export async function writeMessageStream(
  res: ServerResponse,
  message: FakeMessage,
  options: StreamOptions = {},
): Promise<boolean> {
  const size = Math.max(1, options.chunkSize ?? 8);
  const wait = () =>
    options.delayMs ? new Promise((resolve) => setTimeout(resolve, options.delayMs)) : Promise.resolve();
  const send = async (event: string, data: unknown) => {
    if (res.destroyed) return false;
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    await wait();
    return !res.destroyed;
  };
  let deltas = 0;
  const delta = async (index: number, d: Record<string, unknown>) => {
    if (options.stallAfterDeltas !== undefined && deltas >= options.stallAfterDeltas) return false;
    deltas += 1;
    return send('content_block_delta', { type: 'content_block_delta', index, delta: d });
  };

  const start = {
    ...message,
    type: 'message',
    role: 'assistant',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 },
  };
  if (!(await send('message_start', { type: 'message_start', message: start }))) return false;
  if (!(await send('ping', { type: 'ping' }))) return false;
  for (const [index, block] of message.content.entries()) {
    const opening = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
    if (!(await send('content_block_start', { type: 'content_block_start', index, content_block: opening })))
      return false;
    const pieces =
      block.type === 'text'
        ? chunks(block.text, size).map((text) => ({ type: 'text_delta', text }))
        : chunks(JSON.stringify(block.input ?? {}), size).map((partial_json) => ({
            type: 'input_json_delta',
            partial_json,
          }));
    for (const piece of pieces) if (!(await delta(index, piece))) return false;
    if (!(await send('content_block_stop', { type: 'content_block_stop', index }))) return false;
  }
  if (
    !(await send('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: { output_tokens: message.usage.output_tokens },
    }))
  )
    return false;
  if (!(await send('message_stop', { type: 'message_stop' }))) return false;
  res.end();
  return true;
}
