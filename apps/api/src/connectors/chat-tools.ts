import type Anthropic from '@anthropic-ai/sdk';
import { CHAT_LIMITS } from './chat-limits.js';

interface McpTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
}

export interface ChatTools {
  /** What Claude is given. */
  tools: Anthropic.Tool[];
  /** Claude's name → the connector's MCP name. */
  mcpName: Map<string, string>;
}

const MAX_TOOLS = 100;
const MAX_DESCRIPTION = 4000;

/**
 * The connector's MCP tools as Claude tools. MCP names may hold `.` and `/` and run to 128
 * characters, Claude's may not: each becomes a name of `[a-zA-Z0-9_-]{1,64}` (a suffix keeps them
 * apart), the same every turn for the same list, so earlier tool_use blocks keep their meaning.
 */
export function toClaudeTools(list: unknown[]): ChatTools {
  const tools: Anthropic.Tool[] = [];
  const mcpName = new Map<string, string>();
  for (const raw of list.slice(0, MAX_TOOLS)) {
    const tool = raw as McpTool;
    if (typeof tool?.name !== 'string' || !tool.name) continue;
    const base = tool.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
    let name = base;
    for (let n = 2; mcpName.has(name); n++) name = `${base.slice(0, 60)}_${n}`;
    mcpName.set(name, tool.name);
    const schema = tool.inputSchema && typeof tool.inputSchema === 'object' ? tool.inputSchema : {};
    const description = [tool.title, tool.description].filter(Boolean).join(': ') || tool.name;
    tools.push({
      name,
      description: description.slice(0, MAX_DESCRIPTION),
      input_schema: { ...schema, type: 'object' } as Anthropic.Tool.InputSchema,
    });
  }
  return { tools, mcpName };
}

type McpContent =
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio'; data: string; mimeType: string }
  | { type: 'resource_link'; uri: string; name?: string }
  | { type: 'resource'; resource: { uri: string; mimeType?: string; text?: string; blob?: string } }
  | { type: string };

function describe(item: McpContent): string {
  switch (item.type) {
    case 'text':
      return (item as { text: string }).text;
    case 'image':
    case 'audio': {
      const media = item as { data: string; mimeType: string };
      return `[${item.type} ${media.mimeType}, ${Math.floor((media.data.length * 3) / 4)} bytes: shown to the person, not to you]`;
    }
    case 'resource_link': {
      const link = item as { uri: string; name?: string };
      return `[resource link${link.name ? ` ${link.name}` : ''}: ${link.uri}]`;
    }
    case 'resource': {
      const { resource } = item as { resource: { uri: string; mimeType?: string; text?: string } };
      return resource.text !== undefined
        ? `[resource ${resource.uri}]\n${resource.text}`
        : `[binary resource ${resource.uri}${resource.mimeType ? ` (${resource.mimeType})` : ''}]`;
    }
    default:
      return `[${item.type} content]`;
  }
}

/** An MCP tools/call result as the text of a tool_result for Claude (capped). */
export function toToolResultText(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? (result.content as McpContent[]) : [];
  let text = content.map(describe).join('\n');
  if (result.structuredContent !== undefined && !content.some((c) => c.type === 'text'))
    text = [text, JSON.stringify(result.structuredContent)].filter(Boolean).join('\n');
  if (!text) text = '(the tool returned nothing)';
  const max = CHAT_LIMITS.toolResultChars - 100;
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters cut)` : text;
}
