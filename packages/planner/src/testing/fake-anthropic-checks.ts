type Block = { type?: string; id?: string; tool_use_id?: string; name?: string };
type Message = { role?: string; content?: string | Block[] };

const blocksOf = (m: Message | undefined): Block[] => (Array.isArray(m?.content) ? m.content : []);

/**
 * The conversation rules of the Messages API that a tool-use loop can break, with the API's own
 * wording: it starts with the user, every assistant tool_use is answered by a tool_result in the
 * very next (user) message, every tool_result answers a tool_use of the message before it, and a
 * conversation with tool blocks defines tools. Null when the request is fine.
 */
export function conversationProblem(body: Record<string, any>): string | null {
  const messages: Message[] = Array.isArray(body.messages) ? body.messages : [];
  if (!messages.length) return 'messages: at least one message is required';
  if (messages[0]!.role !== 'user') return 'messages: first message must use the "user" role';
  let toolBlocks = false;
  for (const [i, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant')
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const blocks = blocksOf(message);
    const uses = blocks.filter((b) => b.type === 'tool_use');
    const results = blocks.filter((b) => b.type === 'tool_result');
    if (uses.length || results.length) toolBlocks = true;
    if (uses.length && message.role !== 'assistant')
      return `messages.${i}: tool_use blocks are only allowed in assistant messages`;
    if (results.length && message.role !== 'user')
      return `messages.${i}: tool_result blocks are only allowed in user messages`;
    if (uses.length) {
      const next = messages[i + 1];
      const answered = new Set(
        blocksOf(next).flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])),
      );
      const missing = uses.filter((u) => !answered.has(u.id)).map((u) => u.id);
      if (missing.length)
        return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    if (results.length) {
      const asked = new Set(blocksOf(messages[i - 1]).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])));
      const stray = results.filter((r) => !asked.has(r.tool_use_id)).map((r) => r.tool_use_id);
      if (stray.length)
        return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
  }
  if (toolBlocks && !(Array.isArray(body.tools) && body.tools.length))
    return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
  return null;
}
