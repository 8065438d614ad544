import { CHAT_LIMITS, CLAUDE_TOOL_NAME } from '../../connectors/chat-limits.js';
import { object } from '../../lib/schemas.js';

const text = { type: 'string', maxLength: CHAT_LIMITS.textChars } as const;

const textBlock = object({ type: { const: 'text' }, text });

const toolUseBlock = object({
  type: { const: 'tool_use' },
  id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' },
  name: { type: 'string', pattern: CLAUDE_TOOL_NAME },
  input: { type: 'object', additionalProperties: true, maxProperties: 200 },
});

const toolResultBlock = object(
  {
    type: { const: 'tool_result' },
    tool_use_id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' },
    content: {
      anyOf: [
        {
          type: 'array',
          maxItems: 20,
          items: object({
            type: { const: 'text' },
            text: { type: 'string', maxLength: CHAT_LIMITS.toolResultChars },
          }),
        },
        { type: 'string', maxLength: CHAT_LIMITS.toolResultChars },
      ],
    },
    is_error: { type: 'boolean' },
  },
  ['type', 'tool_use_id'],
);

/** A message as the Messages API takes it: text, tool_use (assistant) and tool_result (user) blocks. */
export const chatMessage = object({
  role: { type: 'string', enum: ['user', 'assistant'] },
  content: {
    // The array first: with Fastify's coerceTypes 'array', ajv tries to unwrap a one-element array
    // for the string branch, which then fails the array branch too.
    anyOf: [
      {
        type: 'array',
        minItems: 1,
        maxItems: CHAT_LIMITS.blocksPerMessage,
        items: { oneOf: [textBlock, toolUseBlock, toolResultBlock] },
      },
      { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.textChars },
    ],
  },
});

export const chatBody = object({
  messages: { type: 'array', minItems: 1, maxItems: CHAT_LIMITS.messages, items: chatMessage },
});

export const chatCapability = object(
  {
    available: { type: 'boolean' },
    reason: { type: 'string', description: 'Why chat is off (no ANTHROPIC_API_KEY).' },
    model: { type: 'string' },
    maxToolRounds: { type: 'integer' },
  },
  ['available'],
);

export const chatStream = {
  description: `Server-Sent Events: \`text\` {delta}; \`tool_use\` {id, name, input}; \`tool_result\` {id, name,
isError, durationMs, result}; then \`done\` {messages, stopReason, toolRounds, notice?} or \`error\` {code, message,
messages} — \`messages\` is the conversation to send with the next turn.`,
  content: { 'text/event-stream': { schema: { type: 'string' } } },
} as const;
