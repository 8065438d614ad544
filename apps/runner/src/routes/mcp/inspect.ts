/** What the runner needs to know about a JSON-RPC body before the SDK sees it. */
export interface BodySummary {
  /** Tool names of every `tools/call` in the body (a batch may hold several). */
  toolCalls: string[];
  hasRequests: boolean;
}

export function inspectBody(body: unknown): BodySummary {
  const messages = Array.isArray(body) ? body : [body];
  const toolCalls: string[] = [];
  let hasRequests = false;
  for (const message of messages.slice(0, 100)) {
    if (!message || typeof message !== 'object') continue;
    const m = message as { method?: unknown; id?: unknown; params?: { name?: unknown } };
    if (typeof m.method !== 'string') continue;
    if (m.id !== undefined) hasRequests = true;
    if (m.method === 'tools/call') toolCalls.push(typeof m.params?.name === 'string' ? m.params.name : '');
  }
  return { toolCalls, hasRequests };
}
