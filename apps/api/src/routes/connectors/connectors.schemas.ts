import Type from 'typebox';
import { HISTORY_SIZE } from '../../connectors/calls.repository.js';
import {
  anyObject,
  dateTime,
  errors,
  idParams,
  noContent,
  nullableDateTime,
  nullableString,
  object,
  stringEnum,
  uuid,
} from '../../lib/schemas.js';

const authType = stringEnum(['none', 'headers', 'oauth']);

const connectorSchema = object({
  id: uuid,
  name: Type.String(),
  url: Type.String(),
  authType,
  status: stringEnum(['ready', 'signin_required', 'error']),
  signedIn: Type.Boolean({ description: 'OAuth connectors: tokens are stored (never returned).' }),
  headerNames: Type.Array(Type.String(), { description: 'Names only; values are never returned.' }),
  lastError: nullableString,
  tools: Type.Unsafe<Record<string, unknown>[] | null>({ type: ['array', 'null'], items: anyObject }),
  toolsRefreshedAt: nullableDateTime,
  createdAt: dateTime,
  updatedAt: dateTime,
});

const connectorResponse = object({ connector: connectorSchema });

/** Header names and values as HTTP allows them (no CR, LF or NUL in values). */
const headersSchema = Type.Unsafe<Record<string, string>>({
  type: 'object',
  maxProperties: 20,
  propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" },
  additionalProperties: { type: 'string', maxLength: 4096, pattern: '^[^\\r\\n\\u0000]*$' },
});

const connectorName = Type.String({ minLength: 1, maxLength: 100 });

/** A JSON value as the remote sent it. */
const jsonValue = Type.Unknown();
const headerMap = Type.Unsafe<Record<string, string>>({
  type: 'object',
  additionalProperties: { type: 'string' },
});

const exchangeSchema = object({
  method: Type.String(),
  url: Type.String(),
  status: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  requestHeaders: headerMap,
  request: jsonValue,
  responseHeaders: headerMap,
  response: jsonValue,
});

export const clientMetadataSchema = {
  summary: 'The Client ID Metadata Document connectors sign in with (when API_URL is public https)',
  tags: ['connectors'],
  security: [],
  response: { 200: anyObject },
};

export const oauthCallbackSchema = {
  summary: 'Where the remote authorization server sends the sign-in popup back',
  tags: ['connectors'],
  security: [],
  querystring: Type.Object(
    {
      code: Type.Optional(Type.String({ maxLength: 4096 })),
      state: Type.Optional(Type.String({ maxLength: 4096 })),
      iss: Type.Optional(Type.String({ maxLength: 2048 })),
      error: Type.Optional(Type.String({ maxLength: 200 })),
      error_description: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: true },
  ),
  response: {
    200: Type.Unsafe<string>({
      description: 'A small HTML page that tells the opener window how the sign-in ended, then closes.',
      content: { 'text/html': { schema: { type: 'string' } } },
    }),
    ...errors(400),
  },
};

export const createConnectorSchema = {
  summary: 'Add a connector (a remote MCP server you call from the platform)',
  tags: ['connectors'],
  body: object(
    {
      name: connectorName,
      url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }),
      authType,
      headers: headersSchema,
    },
    ['name', 'url', 'authType'],
  ),
  response: { 201: connectorResponse, ...errors(400, 403) },
};

export const listConnectorsSchema = {
  summary: 'Your connectors in this org (never their headers or tokens)',
  tags: ['connectors'],
  response: { 200: object({ connectors: Type.Array(connectorSchema) }), ...errors(403) },
};

export const getConnectorSchema = {
  summary: 'One of your connectors',
  tags: ['connectors'],
  params: idParams,
  response: { 200: connectorResponse, ...errors(400, 403, 404) },
};

export const changeConnectorSchema = {
  summary: 'Rename a connector or replace its headers',
  tags: ['connectors'],
  params: idParams,
  body: Type.Object(
    { name: Type.Optional(connectorName), headers: Type.Optional(headersSchema) },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: { 200: connectorResponse, ...errors(400, 403, 404) },
};

export const deleteConnectorSchema = {
  summary:
    'Remove a connector and everything stored for it (its grant is revoked at the remote when offered)',
  tags: ['connectors'],
  params: idParams,
  response: { 204: noContent, ...errors(400, 403, 404) },
};

export const startSignInSchema = {
  summary: 'Start an OAuth sign-in: open authorize_url in a popup',
  tags: ['connectors'],
  params: idParams,
  response: { 200: object({ authorize_url: Type.String() }), ...errors(400, 403, 404, 409, 502) },
};

export const signOutSchema = {
  summary:
    'Sign out: revoke the grant at the remote (RFC 7009, when offered) and forget the tokens; the registered client is kept',
  tags: ['connectors'],
  params: idParams,
  response: { 200: connectorResponse, ...errors(400, 403, 404, 409) },
};

export const refreshToolsSchema = {
  summary: 'List the remote server’s tools again (tools/list) and keep them',
  tags: ['connectors'],
  params: idParams,
  response: { 200: connectorResponse, ...errors(400, 403, 404, 409, 502) },
};

export const callToolSchema = {
  summary:
    'Call one tool; answers the result, the time it took and the raw JSON-RPC exchange (tokens redacted)',
  tags: ['connectors'],
  params: idParams,
  body: object(
    {
      tool: Type.String({ minLength: 1, maxLength: 200 }),
      arguments: Type.Unsafe<Record<string, unknown>>({
        type: 'object',
        additionalProperties: true,
        maxProperties: 200,
      }),
    },
    ['tool'],
  ),
  response: {
    200: object({
      result: anyObject,
      durationMs: Type.Integer({ minimum: 0 }),
      exchanges: Type.Array(exchangeSchema),
    }),
    ...errors(400, 403, 404, 409, 502),
  },
};

const tryResponse = object({
  connector: connectorSchema,
  created: Type.Boolean({ description: 'A new connector was made for this call.' }),
  signInRequired: Type.Boolean({ description: 'Open oauth/start in a popup before calling tools.' }),
});

export const tryServerSchema = {
  summary: 'Find or create your OAuth connector to one of this org’s hosted servers',
  tags: ['connectors'],
  params: idParams,
  response: { 200: tryResponse, 201: tryResponse, ...errors(400, 403, 404, 409) },
};

const callSummary = {
  id: uuid,
  connectorId: uuid,
  connectorName: Type.String(),
  tool: Type.String(),
  outcome: stringEnum(['ok', 'tool_error', 'failed']),
  durationMs: Type.Integer({ minimum: 0 }),
  createdAt: dateTime,
};

const callDetailSchema = object({
  ...callSummary,
  arguments: anyObject,
  result: Type.Unsafe<Record<string, unknown> | null>({
    type: ['object', 'null'],
    additionalProperties: true,
  }),
  error: Type.Unsafe<{ code: string; detail: string } | null>({
    type: ['object', 'null'],
    properties: { code: { type: 'string' }, detail: { type: 'string' } },
  }),
  exchanges: Type.Array(exchangeSchema),
  truncated: Type.Boolean({ description: 'The result or the exchange was too large to keep.' }),
});

export const listCallsSchema = {
  summary: `Your last calls through your connectors in this org (at most ${HISTORY_SIZE}, newest first)`,
  tags: ['connectors'],
  querystring: object({ connectorId: uuid }, []),
  response: { 200: object({ calls: Type.Array(object(callSummary)) }), ...errors(400, 403) },
};

export const getCallSchema = {
  summary: 'One past call: its arguments, result (or error) and raw exchange',
  tags: ['connectors'],
  params: idParams,
  response: { 200: object({ call: callDetailSchema }), ...errors(400, 403, 404) },
};

export const clearCallsSchema = {
  summary: 'Forget your call history in this org',
  tags: ['connectors'],
  response: { 204: noContent, ...errors(403) },
};
