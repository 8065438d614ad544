import Type, { type Static } from 'typebox';
import {
  anyObject,
  dateTime,
  nullable,
  nullableDateTime,
  nullableString,
  object,
  orNull,
  stringEnum,
  uuid,
} from '../lib/schemas.js';

export const visibility = stringEnum(['org', 'public', 'allowlist']);
export const slugSchema = Type.String({ minLength: 3, maxLength: 40 });
export const allowlistSchema = Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
  maxItems: 500,
  uniqueItems: true,
});

export const serverStatus = stringEnum(['building', 'live', 'failed', 'inactive']);
export type ServerStatus = Static<typeof serverStatus>;

export const serverSchema = object({
  id: uuid,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility,
  allowlist: Type.Array(Type.String()),
  status: serverStatus,
  toolCount: Type.Integer(),
  currentVersion: nullable<number>('integer'),
  latestVersion: nullable<number>('integer'),
  latestBuild: orNull(object({ id: uuid, status: Type.String() })),
  mcpUrl: Type.String(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type Server = Static<typeof serverSchema>;

export const versionSchema = object({
  id: uuid,
  version: Type.Integer(),
  specHash: nullableString,
  publishedAt: nullableDateTime,
  createdAt: dateTime,
  current: Type.Boolean(),
});

export const snippetSchema = object({
  client: Type.String(),
  id: Type.String(),
  where: Type.String(),
  language: Type.String(),
  code: Type.String(),
});

export const serverDetailSchema = object({
  server: serverSchema,
  spec: orNull(anyObject),
  versions: Type.Array(versionSchema),
  installSnippets: Type.Array(snippetSchema),
  connectedClients: Type.Integer(),
});
