import type Anthropic from '@anthropic-ai/sdk';
import { badRequest } from '@bmm/http';

type Block = { type: string; id?: string; tool_use_id?: string };

const blocksOf = (m: Anthropic.MessageParam | undefined): Block[] =>
  Array.isArray(m?.content) ? (m.content as Block[]) : [];

function refuse(field: string, message: string): never {
  throw badRequest('invalid_conversation', `The conversation is not valid: ${message}.`, [
    { field, message },
  ]);
}

/**
 * The turn-taking rules the Messages API enforces, checked before anything is sent so a bad
 * conversation gets a precise 400 instead of a failed stream: it starts and ends with the person,
 * tool_use only from the assistant, tool_result only from the person, every tool_use answered in
 * the next message and every tool_result answering one in the message before.
 */
export function checkConversation(messages: Anthropic.MessageParam[]): void {
  if (messages[0]?.role !== 'user') refuse('messages.0.role', 'the first message must be the user’s');
  if (messages.at(-1)?.role !== 'user')
    refuse(`messages.${messages.length - 1}.role`, 'the last message must be the user’s');
  const seen = new Set<string>();
  for (const [i, message] of messages.entries()) {
    for (const [j, block] of blocksOf(message).entries()) {
      const at = `messages.${i}.content.${j}`;
      if (block.type === 'tool_use') {
        if (message.role !== 'assistant') refuse(at, 'tool_use blocks come from the assistant only');
        if (seen.has(block.id!)) refuse(`${at}.id`, `tool_use id ${block.id} is used twice`);
        seen.add(block.id!);
        const answered = blocksOf(messages[i + 1]).some(
          (b) => b.type === 'tool_result' && b.tool_use_id === block.id,
        );
        if (!answered) refuse(at, `tool_use ${block.id} has no tool_result in the next message`);
      }
      if (block.type === 'tool_result') {
        if (message.role !== 'user') refuse(at, 'tool_result blocks come from the user only');
        const asked = blocksOf(messages[i - 1]).some(
          (b) => b.type === 'tool_use' && b.id === block.tool_use_id,
        );
        if (!asked)
          refuse(
            `${at}.tool_use_id`,
            `tool_result ${block.tool_use_id} answers no tool_use of the message before`,
          );
      }
    }
  }
}
