import { fromJsonSchema, type JsonSchemaType, type McpServer } from '@modelcontextprotocol/server';
import { type PromptSpec, type ResourceSpec, renderString } from './platform/spec/index.js';

/** The spec's static resources and prompt templates (`{{args.x}}`), served like the hosted server does. */
export function createExtras(spec: { resources?: ResourceSpec[]; prompts?: PromptSpec[] }) {
  const prompts = (spec.prompts ?? []).map((prompt) => ({
    prompt,
    argsSchema: fromJsonSchema<Record<string, string>>({
      type: 'object',
      properties: Object.fromEntries(
        (prompt.arguments ?? []).map((a) => [a.name, { type: 'string', description: a.description }]),
      ),
      required: (prompt.arguments ?? []).filter((a) => a.required).map((a) => a.name),
    } as JsonSchemaType),
  }));

  return (mcp: McpServer) => {
    for (const resource of spec.resources ?? []) {
      mcp.registerResource(
        resource.name,
        resource.uri,
        { title: resource.title, description: resource.description, mimeType: resource.mimeType },
        async (uri) => ({ contents: [{ uri: uri.href, mimeType: resource.mimeType, text: resource.text }] }),
      );
    }
    for (const { prompt, argsSchema } of prompts) {
      mcp.registerPrompt(
        prompt.name,
        { title: prompt.title, description: prompt.description, argsSchema },
        async (args) => ({
          messages: prompt.messages.map((m) => ({
            role: m.role,
            content: { type: 'text' as const, text: renderString(m.text, { args: args ?? {} }) },
          })),
        }),
      );
    }
  };
}
