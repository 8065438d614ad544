import { randomToken, sha256 } from '@bmm/crypto';
import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { insertApiKey, listApiKeys, revokeApiKey } from '../../api-keys/api-keys.repository.js';
import { requestAudit } from '../../lib/audit.js';
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

/** `bmm_live_` + 8 characters: enough to tell keys apart, far too little to guess the rest. */
const DISPLAY_LENGTH = 'bmm_live_'.length + 8;

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
      const key = randomToken('bmm_live_');
      const created = await db.transaction().execute(async (trx) => {
        const row = await insertApiKey(trx, {
          orgId: request.auth.orgId,
          name: name.trim(),
          displayPrefix: key.slice(0, DISPLAY_LENGTH),
          keyHash: sha256(key),
          createdBy: request.auth.userId,
        });
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'api_key.create',
            resourceType: 'api_key',
            resourceId: row.id,
            metadata: { name: row.name, prefix: row.display_prefix },
          }),
        );
        return row;
      });
      return reply.code(201).send({ apiKey: toApiKey(created), key });
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
      await db.transaction().execute(async (trx) => {
        const revoked = await revokeApiKey(trx, request.auth.orgId, id);
        if (!revoked) throw notFound('API key');
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'api_key.revoke',
            resourceType: 'api_key',
            resourceId: id,
            metadata: { name: revoked.name },
          }),
        );
      });
      return reply.code(204).send();
    },
  );
}
