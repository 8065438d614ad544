import type { FastifyInstance } from 'fastify';
import { listApiKeys } from '../../api-keys/api-keys.repository.js';
import { createApiKey, revokeOrgApiKey } from '../../api-keys/api-keys.service.js';
import { auditOrigin } from '../../lib/audit.js';
import {
  dateTime,
  errors,
  idParams,
  iso,
  noContent,
  nullableDateTime,
  nullableUuid,
  object,
  uuid,
} from '../../lib/schemas.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';

const apiKeySchema = object({
  id: uuid,
  name: { type: 'string' },
  prefix: { type: 'string' },
  createdBy: nullableUuid,
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
});

function toApiKey(k: {
  id: string;
  name: string;
  display_prefix: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
}) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.display_prefix,
    createdBy: k.created_by,
    createdAt: iso(k.created_at),
    lastUsedAt: iso(k.last_used_at),
  };
}

export default async function apiKeyRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  app.addHook('preHandler', requirePerson);
  app.addHook('preHandler', requireRole('admin'));
  const { db } = app.deps;

  app.post(
    '/api-keys',
    {
      schema: {
        summary: 'Create an API key (the key is shown once)',
        tags: ['api-keys'],
        body: object({ name: { type: 'string', minLength: 1, maxLength: 100 } }),
        response: { 201: object({ apiKey: apiKeySchema, key: { type: 'string' } }), ...errors(400, 403) },
      },
    },
    async (request, reply) => {
      const { name } = request.body as { name: string };
      const by = { orgId: request.auth.orgId, userId: request.auth.userId };
      const { apiKey, key } = await createApiKey(db, auditOrigin(request), by, name);
      return reply.code(201).send({ apiKey: toApiKey(apiKey), key });
    },
  );

  app.get(
    '/api-keys',
    {
      schema: {
        summary: 'Active API keys of the org (never the keys themselves)',
        tags: ['api-keys'],
        response: { 200: object({ apiKeys: { type: 'array', items: apiKeySchema } }), ...errors(403) },
      },
    },
    async (request) => ({ apiKeys: (await listApiKeys(db, request.auth.orgId)).map(toApiKey) }),
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        summary: 'Revoke an API key (it stops working at once)',
        tags: ['api-keys'],
        params: idParams,
        response: { 204: noContent, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await revokeOrgApiKey(db, auditOrigin(request), request.auth.orgId, id);
      return reply.code(204).send();
    },
  );
}
