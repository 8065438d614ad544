import { anyObject, dateTime, nullableDateTime, nullableString, object, uuid } from '../../lib/schemas.js';

export const connectorSchema = object({
  id: uuid,
  name: { type: 'string' },
  url: { type: 'string' },
  authType: { type: 'string', enum: ['none', 'headers', 'oauth'] },
  status: { type: 'string', enum: ['ready', 'signin_required', 'error'] },
  signedIn: { type: 'boolean', description: 'OAuth connectors: tokens are stored (never returned).' },
  headerNames: {
    type: 'array',
    items: { type: 'string' },
    description: 'Names only; values are never returned.',
  },
  lastError: nullableString,
  tools: { type: ['array', 'null'], items: anyObject },
  toolsRefreshedAt: nullableDateTime,
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const headersSchema = {
  type: 'object',
  maxProperties: 20,
  propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" },
  additionalProperties: { type: 'string', maxLength: 4096, pattern: '^[^\\r\\n\\u0000]*$' },
} as const;

export const createBody = object(
  {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    url: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^https?://' },
    authType: { type: 'string', enum: ['none', 'headers', 'oauth'] },
    headers: headersSchema,
  },
  ['name', 'url', 'authType'],
);

export const patchBody = {
  ...object({ name: { type: 'string', minLength: 1, maxLength: 100 }, headers: headersSchema }, []),
  minProperties: 1,
} as const;

const jsonValue = {};

export const exchangeSchema = object({
  method: { type: 'string' },
  url: { type: 'string' },
  status: { type: ['integer', 'null'] },
  requestHeaders: { type: 'object', additionalProperties: { type: 'string' } },
  request: jsonValue,
  responseHeaders: { type: 'object', additionalProperties: { type: 'string' } },
  response: jsonValue,
});

export const callBody = object(
  {
    tool: { type: 'string', minLength: 1, maxLength: 200 },
    arguments: { type: 'object', additionalProperties: true, maxProperties: 200 },
  },
  ['tool'],
);

export const callResponse = object({
  result: anyObject,
  durationMs: { type: 'integer', minimum: 0 },
  exchanges: { type: 'array', items: exchangeSchema },
});

export const callbackQuery = {
  type: 'object',
  additionalProperties: true,
  properties: {
    code: { type: 'string', maxLength: 4096 },
    state: { type: 'string', maxLength: 4096 },
    iss: { type: 'string', maxLength: 2048 },
    error: { type: 'string', maxLength: 200 },
    error_description: { type: 'string', maxLength: 2000 },
  },
} as const;

export const htmlPage = {
  description: 'A small HTML page that tells the opener window how the sign-in ended, then closes.',
  content: { 'text/html': { schema: { type: 'string' } } },
} as const;
