import Type, { type Static, type TSchema } from 'typebox';
import { CHAT_LIMITS, CLAUDE_TOOL_NAME } from '../../connectors/chat-limits.js';
import { errors, idParams, object, stringEnum } from '../../lib/schemas.js';

/** `{ const: value }` (no `type`, as the document has it). */
const constant = <const T extends string>(value: T) => Type.Unsafe<T>({ const: value } as TSchema);

const text = Type.String({ maxLength: CHAT_LIMITS.textChars });
const blockId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' });

const textBlock = object({ type: constant('text'), text });

const toolUseBlock = object({
  type: constant('tool_use'),
  id: blockId,
  name: Type.String({ pattern: CLAUDE_TOOL_NAME }),
  input: Type.Unsafe<Record<string, unknown>>({
    type: 'object',
    additionalProperties: true,
    maxProperties: 200,
  }),
});

const toolResultBlock = object(
  {
    type: constant('tool_result'),
    tool_use_id: blockId,
    content: Type.Union([
      Type.Array(
        object({
          type: constant('text'),
          text: Type.String({ maxLength: CHAT_LIMITS.toolResultChars }),
        }),
        { maxItems: 20 },
      ),
      Type.String({ maxLength: CHAT_LIMITS.toolResultChars }),
    ]),
    is_error: Type.Boolean(),
  },
  ['type', 'tool_use_id'],
);

type Block = Static<typeof textBlock> | Static<typeof toolUseBlock> | Static<typeof toolResultBlock>;

/** A message as the Messages API takes it: text, tool_use (assistant) and tool_result (user) blocks. */
const chatMessage = object({
  role: stringEnum(['user', 'assistant']),
  content: Type.Union([
    // The array first: with Fastify's coerceTypes 'array', ajv tries to unwrap a one-element array
    // for the string branch, which then fails the array branch too.
    Type.Array(Type.Unsafe<Block>({ oneOf: [textBlock, toolUseBlock, toolResultBlock] } as TSchema), {
      minItems: 1,
      maxItems: CHAT_LIMITS.blocksPerMessage,
    }),
    Type.String({ minLength: 1, maxLength: CHAT_LIMITS.textChars }),
  ]),
});

const chatCapability = object(
  {
    available: Type.Boolean(),
    reason: Type.String({ description: 'Why chat is off (no ANTHROPIC_API_KEY).' }),
    model: Type.String(),
    maxToolRounds: Type.Integer(),
  },
  ['available'],
);

const chatStream = Type.Unsafe<never>({
  description: `Server-Sent Events: \`text\` {delta}; \`tool_use\` {id, name, input}; \`tool_result\` {id, name,
isError, durationMs, result}; then \`done\` {messages, stopReason, toolRounds, notice?} or \`error\` {code, message,
messages} — \`messages\` is the conversation to send with the next turn.`,
  content: { 'text/event-stream': { schema: { type: 'string' } } },
} as TSchema);

export const chatCapabilitySchema = {
  summary: 'Whether the playground can chat with Claude over a connector’s tools (ANTHROPIC_API_KEY set)',
  tags: ['connectors'],
  response: { 200: chatCapability, ...errors(403) },
};

export const chatSchema = {
  summary:
    'Chat with Claude over the connector’s tools: the answer streams as Server-Sent Events, tool calls included',
  tags: ['connectors'],
  params: idParams,
  body: object({
    messages: Type.Array(chatMessage, { minItems: 1, maxItems: CHAT_LIMITS.messages }),
  }),
  response: { 200: chatStream, ...errors(400, 403, 404, 409, 413, 429) },
};
