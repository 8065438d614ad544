/**
 * The playground chat's Server-Sent Events (`POST /v1/connectors/:id/chat`): the api sends them, the
 * web reads them. `Message` is a Messages API message: the api types it with the Anthropic SDK, the
 * browser only keeps the conversation and sends it back with the next question.
 */
export type ChatStreamEvent<Message> =
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
      data: { messages: Message[]; stopReason: string; toolRounds: number; notice?: string };
    }
  | { event: 'error'; data: { code: string; message: string; messages: Message[] } };

export type ChatEventName = ChatStreamEvent<unknown>['event'];
