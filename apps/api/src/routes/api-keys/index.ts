import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listApiKeys } from '../../api-keys/api-keys.repository.js';
import { createApiKey, revokeOrgApiKey } from '../../api-keys/api-keys.service.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { iso } from '../../lib/schemas.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';
import { createApiKeySchema, listApiKeysSchema, revokeApiKeySchema } from './api-keys.schemas.js';

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

/** The org's API keys (admins, signed in as a person): create (shown once), list, revoke. */
const apiKeyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  app.addHook('preHandler', requirePerson);
  app.addHook('preHandler', requireRole('admin'));
  const { db } = deps;

  app.post('/api-keys', { schema: createApiKeySchema }, async (request, reply) => {
    const by = { orgId: request.auth.orgId, userId: request.auth.userId };
    const { apiKey, key } = await createApiKey(db, auditOrigin(request), by, request.body.name);
    return reply.code(201).send({ apiKey: toApiKey(apiKey), key });
  });

  app.get('/api-keys', { schema: listApiKeysSchema }, async (request) => ({
    apiKeys: (await listApiKeys(db, request.auth.orgId)).map(toApiKey),
  }));

  app.delete('/api-keys/:id', { schema: revokeApiKeySchema }, async (request, reply) => {
    await revokeOrgApiKey(db, auditOrigin(request), request.auth.orgId, request.params.id);
    return reply.code(204).send();
  });
};

export default apiKeyRoutes;
