import Type from 'typebox';
import { buildSchema } from '../../builds/builds.schemas.js';
import { anyObject, errors, idParams, noContent, object } from '../../lib/schemas.js';
import { secretName } from '../../secrets/secrets.schemas.js';
import {
  allowlistSchema,
  serverDetailSchema,
  serverSchema,
  slugSchema,
  visibility,
} from '../../servers/servers.schemas.js';

const serverName = Type.String({ minLength: 1, maxLength: 80 });
const serverDescription = Type.String({ maxLength: 2000 });

export const createServerSchema = {
  summary: 'Create a server: validates the spec, stores version 1 and queues its build',
  tags: ['servers'],
  body: object(
    {
      name: serverName,
      slug: slugSchema,
      description: serverDescription,
      spec: anyObject,
      secrets: Type.Unsafe<Record<string, string>>({
        type: 'object',
        maxProperties: 50,
        propertyNames: secretName,
        additionalProperties: Type.String({ minLength: 1, maxLength: 16384 }),
      }),
      visibility,
      allowlist: allowlistSchema,
    },
    ['name', 'slug', 'spec'],
  ),
  response: { 201: object({ server: serverSchema, build: buildSchema }), ...errors(400, 403, 409) },
};

export const listServersSchema = {
  summary: "The org's servers with status, tool count, current version and MCP URL",
  tags: ['servers'],
  response: { 200: object({ servers: Type.Array(serverSchema) }), ...errors(403) },
};

export const getServerSchema = {
  summary: 'One server: spec, versions, install snippets, connected-client count',
  tags: ['servers'],
  params: idParams,
  response: { 200: serverDetailSchema, ...errors(400, 403, 404) },
};

export const updateServerSchema = {
  summary: 'Change name, description, visibility or allowlist',
  tags: ['servers'],
  params: idParams,
  body: Type.Object(
    {
      name: Type.Optional(serverName),
      description: Type.Optional(serverDescription),
      visibility: Type.Optional(visibility),
      allowlist: Type.Optional(allowlistSchema),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: { 200: object({ server: serverSchema }), ...errors(400, 403, 404) },
};

export const deleteServerSchema = {
  summary: 'Delete a server (soft): the runner stops serving it at once; its slug stays taken',
  tags: ['servers'],
  params: idParams,
  response: { 204: noContent, ...errors(400, 403, 404) },
};

export const putSpecSchema = {
  summary: 'Store a new version of the spec and queue its build',
  tags: ['servers'],
  params: idParams,
  body: object({ spec: anyObject }),
  response: { 201: object({ server: serverSchema, build: buildSchema }), ...errors(400, 403, 404) },
};

export const rollbackSchema = {
  summary: 'Serve an earlier published version again',
  tags: ['servers'],
  params: idParams,
  body: object({ version: Type.Integer({ minimum: 1 }) }),
  response: { 200: object({ server: serverSchema }), ...errors(400, 403, 404, 409) },
};
