import Type from 'typebox';
import {
  dateTime,
  errors,
  idParams,
  noContent,
  nullableDateTime,
  nullableUuid,
  object,
  uuid,
} from '../../lib/schemas.js';

const apiKeySchema = object({
  id: uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdBy: nullableUuid,
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
});

export const createApiKeySchema = {
  summary: 'Create an API key (the key is shown once)',
  tags: ['api-keys'],
  body: object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
  response: { 201: object({ apiKey: apiKeySchema, key: Type.String() }), ...errors(400, 403) },
};

export const listApiKeysSchema = {
  summary: 'Active API keys of the org (never the keys themselves)',
  tags: ['api-keys'],
  response: { 200: object({ apiKeys: Type.Array(apiKeySchema) }), ...errors(403) },
};

export const revokeApiKeySchema = {
  summary: 'Revoke an API key (it stops working at once)',
  tags: ['api-keys'],
  params: idParams,
  response: { 204: noContent, ...errors(400, 403, 404) },
};
