/** What the runner needs to know about a JSON-RPC body before the SDK sees it. */
export interface BodySummary {
  /** Tool names of every `tools/call` in the body (a batch may hold several). */
  readonly toolCalls: readonly string[];
  readonly hasRequests: boolean;
}

const NOTHING: BodySummary = { toolCalls: [], hasRequests: false };
const A_REQUEST: BodySummary = { toolCalls: [], hasRequests: true };

/** A single message (the common case) is summarized without allocating anything but a tool call's name list. */
function inspectMessage(message: unknown): BodySummary {
  if (!message || typeof message !== 'object') return NOTHING;
  const m = message as { method?: unknown; id?: unknown; params?: { name?: unknown } };
  if (typeof m.method !== 'string') return NOTHING;
  if (m.method === 'tools/call')
    return {
      toolCalls: [typeof m.params?.name === 'string' ? m.params.name : ''],
      hasRequests: m.id !== undefined,
    };
  return m.id !== undefined ? A_REQUEST : NOTHING;
}

export function inspectBody(body: unknown): BodySummary {
  if (!Array.isArray(body)) return inspectMessage(body);
  const toolCalls: string[] = [];
  let hasRequests = false;
  for (const message of body.slice(0, 100)) {
    const summary = inspectMessage(message);
    toolCalls.push(...summary.toolCalls);
    hasRequests ||= summary.hasRequests;
  }
  return { toolCalls, hasRequests };
}
