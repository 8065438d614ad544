/** Bounds of a conversation the browser sends back each turn (the body limit caps the sum: 1 MiB). */
export const CHAT_LIMITS = {
  messages: 100,
  blocksPerMessage: 40,
  textChars: 50_000,
  toolResultChars: 60_000,
  bodyBytes: 1024 * 1024,
} as const;

/** Claude's tool names; the connector's MCP names are mapped onto these. */
export const CLAUDE_TOOL_NAME = '^[a-zA-Z0-9_-]{1,64}$';
