import Anthropic from '@anthropic-ai/sdk';
import type { ChatStreamEvent } from '@bmm/spec';
import type { ChatTools } from './chat-tools.js';
import { toToolResultText } from './chat-tools.js';

/** What one tool call came to, as the chat needs it. */
export type ToolOutcome =
  | { kind: 'result'; result: Record<string, unknown>; durationMs: number }
  /** The remote failed (unreachable, refused, a protocol error): Claude hears it as an error result. */
  | { kind: 'failed'; message: string; durationMs: number }
  /** Only a new sign-in would help: the chat stops and says so. */
  | { kind: 'signin_required'; message: string };

/** The chat's Server-Sent Events; the web reads the same type. */
export type ChatEvent = ChatStreamEvent<Anthropic.MessageParam>;

export interface ChatRun {
  client: Anthropic;
  model: string;
  maxTokens: number;
  maxToolRounds: number;
  system: string;
  tools: ChatTools;
  messages: Anthropic.MessageParam[];
  callTool(name: string, input: Record<string, unknown>): Promise<ToolOutcome>;
  emit(event: ChatEvent): void;
  /** Aborted when the person goes away or the chat's deadline passes. */
  signal: AbortSignal;
}

/** Results the browser is shown as they are, unless they are too big to send around. */
const MAX_SHOWN_RESULT = 256 * 1024;

export class ChatAbortedError extends Error {
  override name = 'ChatAbortedError';
}

/** The blocks of Claude's answer that go back into the conversation (never an empty text). */
function answerBlocks(message: Anthropic.Message, withToolUse: boolean): Anthropic.ContentBlockParam[] {
  return message.content.flatMap((block): Anthropic.ContentBlockParam[] => {
    if (block.type === 'text') return block.text ? [{ type: 'text', text: block.text }] : [];
    if (block.type === 'tool_use' && withToolUse)
      return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    return [];
  });
}

function shownResult(result: Record<string, unknown>): Record<string, unknown> {
  if (JSON.stringify(result).length <= MAX_SHOWN_RESULT) return result;
  return {
    content: [{ type: 'text', text: toToolResultText(result) }],
    ...(result.isError ? { isError: true } : {}),
  };
}

/**
 * The tool-use loop: stream Claude's answer (text deltas go out as they arrive); when it asks for
 * tools, call each through the connector, give Claude the results, and go again — at most
 * `maxToolRounds` rounds of tool calls, then stop with a notice. The conversation it reports is
 * always one the Messages API accepts (every tool_use answered), so the next turn can send it back.
 */
export async function runChat(run: ChatRun): Promise<void> {
  let messages = run.messages;
  let rounds = 0;
  for (;;) {
    const message = await claudeTurn(run, messages);
    const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (message.stop_reason !== 'tool_use' || !uses.length || rounds >= run.maxToolRounds) {
      finish(run, messages, message, rounds);
      return;
    }
    rounds += 1;
    const results = await toolRound(run, uses, rounds, messages);
    if (!results) return;
    messages = [
      ...messages,
      { role: 'assistant', content: answerBlocks(message, true) },
      { role: 'user', content: results },
    ];
  }
}

/** One streamed Messages API call; text deltas go out as they arrive. */
async function claudeTurn(run: ChatRun, messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> {
  if (run.signal.aborted) throw new ChatAbortedError();
  const stream = run.client.messages.stream(
    {
      model: run.model,
      max_tokens: run.maxTokens,
      system: run.system,
      messages,
      ...(run.tools.tools.length ? { tools: run.tools.tools } : {}),
    },
    { signal: run.signal },
  );
  stream.on('text', (delta) => run.emit({ event: 'text', data: { delta } }));
  try {
    return await stream.finalMessage();
  } catch (err) {
    if (err instanceof Anthropic.APIUserAbortError || run.signal.aborted) throw new ChatAbortedError();
    throw err;
  }
}

/** The `done` event: the conversation so far, why it stopped, and a notice when a limit stopped it. */
function finish(
  run: ChatRun,
  messages: Anthropic.MessageParam[],
  message: Anthropic.Message,
  rounds: number,
) {
  const limited = message.stop_reason === 'tool_use' && message.content.some((b) => b.type === 'tool_use');
  const answer = answerBlocks(message, false);
  const all = answer.length ? [...messages, { role: 'assistant' as const, content: answer }] : messages;
  run.emit({
    event: 'done',
    data: {
      messages: all,
      stopReason: limited ? 'step_limit' : (message.stop_reason ?? 'end_turn'),
      toolRounds: rounds,
      ...(limited
        ? {
            notice: `Stopped after ${run.maxToolRounds} rounds of tool calls, the most one question may take. Ask Claude to continue if you want more.`,
          }
        : message.stop_reason === 'max_tokens'
          ? { notice: 'Claude’s answer reached its length limit and was cut off.' }
          : {}),
    },
  });
}

/**
 * Runs one round of Claude's tool calls in order, emitting `tool_use`/`tool_result` for each. Answers the
 * tool_result blocks for the next turn, or null once a call needs the person to sign in again (the
 * `error` event is sent then).
 */
async function toolRound(
  run: ChatRun,
  uses: Anthropic.ToolUseBlock[],
  round: number,
  messages: Anthropic.MessageParam[],
): Promise<Anthropic.ToolResultBlockParam[] | null> {
  const results: Anthropic.ToolResultBlockParam[] = [];
  for (const use of uses) {
    if (run.signal.aborted) throw new ChatAbortedError();
    const mcpName = run.tools.mcpName.get(use.name);
    run.emit({ event: 'tool_use', data: { id: use.id, name: mcpName ?? use.name, input: use.input, round } });
    const outcome: ToolOutcome = mcpName
      ? await run.callTool(mcpName, (use.input ?? {}) as Record<string, unknown>)
      : { kind: 'failed', message: `There is no tool named ${use.name}.`, durationMs: 0 };
    if (outcome.kind === 'signin_required') {
      run.emit({ event: 'error', data: { code: 'signin_required', message: outcome.message, messages } });
      return null;
    }
    const result =
      outcome.kind === 'result'
        ? outcome.result
        : { content: [{ type: 'text', text: outcome.message }], isError: true };
    const isError = result.isError === true;
    run.emit({
      event: 'tool_result',
      data: {
        id: use.id,
        name: mcpName ?? use.name,
        isError,
        durationMs: outcome.durationMs,
        result: shownResult(result),
      },
    });
    results.push({
      type: 'tool_result',
      tool_use_id: use.id,
      content: toToolResultText(result),
      ...(isError ? { is_error: true } : {}),
    });
  }
  return results;
}

/** A sentence for the person when Claude could not be reached or refused; never the key. */
export function describeClaudeError(err: unknown): { code: string; message: string } {
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return { code: 'upstream_timeout', message: 'Claude did not answer in time. Try again.' };
  if (err instanceof Anthropic.APIError) {
    if (err.status === 401 || err.status === 403)
      return {
        code: 'upstream_auth',
        message: 'The platform’s Anthropic API key was refused. Ask the operator to check ANTHROPIC_API_KEY.',
      };
    if (err.status === 429)
      return {
        code: 'upstream_rate_limited',
        message: 'Claude is rate-limited right now. Try again shortly.',
      };
    if (err.status === 400) {
      const detail = (err.error as { error?: { message?: string } } | undefined)?.error?.message;
      return {
        code: 'upstream_rejected',
        message: `Claude refused this conversation${detail ? `: ${detail.slice(0, 300)}` : '.'}`,
      };
    }
    return { code: 'upstream_unavailable', message: 'Claude is unavailable right now. Try again shortly.' };
  }
  return { code: 'chat_failed', message: 'The chat failed unexpectedly. Try again.' };
}
