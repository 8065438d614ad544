/** The ServerSpec as JSON Schema 2020-12: what the planner asks Claude for and what the API accepts. */
import { SECRET_NAME_PATTERN, SLUG_PATTERN, UPSTREAM_ID_PATTERN } from './patterns.js';

export { SLUG_PATTERN, UPSTREAM_ID_PATTERN };

const name64 = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } as const;

export const UPSTREAM_PRESETS = [
  'github',
  'google',
  'slack',
  'notion',
  'linear',
  'atlassian',
  'microsoft',
  'gitlab',
] as const;

const upstreamScope = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$',
} as const;
const secretName = { type: 'string', pattern: SECRET_NAME_PATTERN } as const;
const absoluteUrl = { type: 'string', minLength: 8, maxLength: 2000, format: 'uri' } as const;

const jsonSchemaObject = {
  type: 'object',
  description: 'A JSON Schema (2020-12) describing an object.',
  required: ['type'],
  properties: { type: { const: 'object' } },
} as const;

export const serverSpecSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://buildmymcpserver.dev/schemas/server-spec.json',
  title: 'ServerSpec',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'slug', 'description', 'secrets', 'tools'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 80 },
    slug: { type: 'string', pattern: SLUG_PATTERN },
    description: { type: 'string', maxLength: 2000 },
    instructions: { type: 'string', maxLength: 8000 },
    secrets: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description', 'required'],
        properties: {
          name: secretName,
          description: { type: 'string', maxLength: 500 },
          required: { type: 'boolean' },
          howToObtain: { type: 'string', maxLength: 1000 },
        },
      },
    },
    allowedHosts: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', pattern: '^(\\*\\.)?[a-z0-9.-]+(:\\d+)?$' },
    },
    tools: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description', 'inputSchema', 'impl'],
        properties: {
          name: name64,
          title: { type: 'string', maxLength: 120 },
          description: { type: 'string', minLength: 1, maxLength: 2000 },
          inputSchema: jsonSchemaObject,
          outputSchema: jsonSchemaObject,
          annotations: {
            type: 'object',
            additionalProperties: false,
            properties: {
              readOnlyHint: { type: 'boolean' },
              destructiveHint: { type: 'boolean' },
              idempotentHint: { type: 'boolean' },
              openWorldHint: { type: 'boolean' },
            },
          },
          scopes: {
            type: 'array',
            maxItems: 10,
            items: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{1,64}$' },
          },
          impl: {
            oneOf: [
              {
                type: 'object',
                additionalProperties: false,
                required: ['kind', 'method', 'url'],
                properties: {
                  kind: { const: 'http' },
                  method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
                  url: { type: 'string', minLength: 8, maxLength: 2000 },
                  headers: { type: 'object', additionalProperties: { type: 'string' } },
                  query: { type: 'object', additionalProperties: { type: 'string' } },
                  body: {},
                  response: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      pick: { type: 'string', maxLength: 200 },
                      maxBytes: { type: 'integer', minimum: 1, maximum: 5_242_880 },
                    },
                  },
                },
              },
              {
                type: 'object',
                additionalProperties: false,
                required: ['kind', 'source'],
                properties: {
                  kind: { const: 'code' },
                  source: { type: 'string', minLength: 1, maxLength: 100_000 },
                },
              },
            ],
          },
          upstreamScopes: {
            type: 'object',
            propertyNames: { pattern: UPSTREAM_ID_PATTERN },
            additionalProperties: { type: 'array', maxItems: 30, items: upstreamScope },
          },
          examples: {
            type: 'array',
            maxItems: 10,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['input'],
              properties: {
                input: { type: 'object' },
                expect: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { isError: { type: 'boolean' }, contains: { type: 'string' } },
                },
                mockResponse: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    status: { type: 'integer', minimum: 100, maximum: 599 },
                    body: {},
                    headers: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    upstreams: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'scopes', 'clientIdSecret'],
        properties: {
          id: { type: 'string', pattern: UPSTREAM_ID_PATTERN },
          name: { type: 'string', minLength: 1, maxLength: 80 },
          preset: { enum: UPSTREAM_PRESETS },
          issuer: absoluteUrl,
          authorizationUrl: absoluteUrl,
          tokenUrl: absoluteUrl,
          revocationUrl: absoluteUrl,
          userinfoUrl: absoluteUrl,
          scopes: { type: 'array', maxItems: 30, items: upstreamScope },
          clientIdSecret: secretName,
          clientSecretSecret: secretName,
          tokenEndpointAuthMethod: { enum: ['client_secret_basic', 'client_secret_post', 'none'] },
          pkce: { type: 'boolean' },
          authorizeParams: {
            type: 'object',
            maxProperties: 10,
            propertyNames: { pattern: '^[A-Za-z0-9_.-]{1,64}$' },
            additionalProperties: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    resources: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['uri', 'name', 'text'],
        properties: {
          uri: { type: 'string', minLength: 1, maxLength: 500 },
          name: { type: 'string', minLength: 1, maxLength: 120 },
          title: { type: 'string' },
          description: { type: 'string' },
          mimeType: { type: 'string' },
          text: { type: 'string', maxLength: 200_000 },
        },
      },
    },
    prompts: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'messages'],
        properties: {
          name: name64,
          title: { type: 'string' },
          description: { type: 'string' },
          arguments: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: { name: name64, description: { type: 'string' }, required: { type: 'boolean' } },
            },
          },
          messages: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['role', 'text'],
              properties: { role: { enum: ['user', 'assistant'] }, text: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;
