import type { ServerSpec } from '@bmm/spec';

// 1×1 red PNG and a 44-byte silent WAV, as the conformance suite suggests.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';

/**
 * The conformance suite's "everything server", as far as a ServerSpec can express it: tools as code
 * tools (content shapes, logging, progress, errors, JSON Schema 2020-12), a static text resource and
 * text prompts. Not expressible: binary resources, resource templates and subscriptions, completion,
 * sampling, elicitation, prompts with embedded resources or images.
 */
export function everythingSpec(slug: string): ServerSpec {
  const code = (source: string) => ({ kind: 'code' as const, source });
  const noArgs = { type: 'object', properties: {} };
  return {
    name: 'Conformance Everything',
    slug,
    description: 'Mirrors the MCP conformance everything-server',
    secrets: [],
    tools: [
      {
        name: 'test_simple_text',
        description: 'Returns simple text',
        inputSchema: noArgs,
        impl: code(
          `export default async () => ({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] })`,
        ),
      },
      {
        name: 'test_image_content',
        description: 'Returns an image',
        inputSchema: noArgs,
        impl: code(
          `export default async () => ({ content: [{ type: 'image', data: '${PNG}', mimeType: 'image/png' }] })`,
        ),
      },
      {
        name: 'test_audio_content',
        description: 'Returns audio',
        inputSchema: noArgs,
        impl: code(
          `export default async () => ({ content: [{ type: 'audio', data: '${WAV}', mimeType: 'audio/wav' }] })`,
        ),
      },
      {
        name: 'test_embedded_resource',
        description: 'Returns an embedded resource',
        inputSchema: noArgs,
        impl: code(
          `export default async () => ({ content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] })`,
        ),
      },
      {
        name: 'test_multiple_content_types',
        description: 'Returns text, image and resource',
        inputSchema: noArgs,
        impl: code(`export default async () => ({ content: [
          { type: 'text', text: 'Multiple content types test:' },
          { type: 'image', data: '${PNG}', mimeType: 'image/png' },
          { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
        ] })`),
      },
      {
        name: 'test_tool_with_logging',
        description: 'Logs three messages',
        inputSchema: noArgs,
        impl: code(`export default async (input, ctx) => {
          ctx.log.info('Tool execution started');
          ctx.log.info('Tool processing data');
          ctx.log.info('Tool execution completed');
          return 'Logging test completed';
        }`),
      },
      {
        name: 'test_error_handling',
        description: 'Always fails',
        inputSchema: noArgs,
        impl: code(
          `export default async () => { throw new Error('This tool intentionally returns an error for testing'); }`,
        ),
      },
      {
        name: 'test_tool_with_progress',
        description: 'Reports progress',
        inputSchema: noArgs,
        impl: code(`export default async (input, ctx) => {
          ctx.progress(0, 100);
          ctx.progress(50, 100);
          ctx.progress(100, 100);
          return 'Progress test completed';
        }`),
      },
      {
        name: 'json_schema_2020_12_tool',
        description: 'Tool with JSON Schema 2020-12 features',
        inputSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          $defs: {
            address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
          },
          properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
          additionalProperties: false,
        },
        impl: code(`export default async (input) => 'Hello ' + (input.name ?? 'nobody')`),
      },
    ],
    resources: [
      {
        uri: 'test://static-text',
        name: 'static-text',
        description: 'A static text resource',
        mimeType: 'text/plain',
        text: 'This is the content of the static text resource.',
      },
    ],
    prompts: [
      {
        name: 'test_simple_prompt',
        description: 'A simple prompt',
        messages: [{ role: 'user', text: 'This is a simple prompt for testing.' }],
      },
      {
        name: 'test_prompt_with_arguments',
        description: 'A prompt with arguments',
        arguments: [
          { name: 'arg1', description: 'First test argument', required: true },
          { name: 'arg2', description: 'Second test argument', required: true },
        ],
        messages: [
          { role: 'user', text: "Prompt with arguments: arg1='{{args.arg1}}', arg2='{{args.arg2}}'" },
        ],
      },
    ],
  };
}
