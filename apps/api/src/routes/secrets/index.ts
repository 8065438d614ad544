import { serverSecretAad } from '@bmm/crypto';
import { Channels, notify, recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { requestAudit } from '../../lib/audit.js';
import { dateTime, errors, idParams, iso, noContent, nullableUuid, object, uuid } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { lockServer } from '../../servers/servers.repository.js';
import { secretName } from '../servers/servers.schemas.js';
import { deleteSecret, listSecrets, upsertSecret } from './secrets.repository.js';

const secretParams = object({ id: uuid, name: secretName });
const secretSchema = object({ name: { type: 'string' }, updatedAt: dateTime, updatedBy: nullableUuid });

function toSecret(s: { name: string; updated_at: Date; updated_by: string | null }) {
  return { name: s.name, updatedAt: iso(s.updated_at), updatedBy: s.updated_by };
}

/** Server secrets: write-only values, encrypted and bound to (server, name); lists show names only. */
export default async function secretRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db, keyring } = app.deps;

  app.get(
    '/servers/:id/secrets',
    {
      schema: {
        summary: "A server's secrets: names and who changed them when — never values",
        tags: ['secrets'],
        params: idParams,
        response: {
          200: object({ secrets: { type: 'array', items: secretSchema } }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const server = await lockServer(db, request.auth.orgId, id);
      if (!server) throw notFound('server');
      return { secrets: (await listSecrets(db, id)).map(toSecret) };
    },
  );

  app.put(
    '/servers/:id/secrets/:name',
    {
      schema: {
        summary: 'Set a secret (encrypted at rest; the running server picks it up at once)',
        tags: ['secrets'],
        params: secretParams,
        body: object({ value: { type: 'string', minLength: 1, maxLength: 16384 } }),
        response: { 200: object({ secret: secretSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id, name } = request.params as { id: string; name: string };
      const { value } = request.body as { value: string };
      const { secret, slug } = await db.transaction().execute(async (trx) => {
        const server = await lockServer(trx, request.auth.orgId, id);
        if (!server) throw notFound('server');
        const row = await upsertSecret(trx, {
          serverId: id,
          name,
          ciphertext: keyring.encrypt(value, serverSecretAad(id, name)),
          keyVersion: keyring.currentVersion,
          updatedBy: request.auth.userId,
        });
        await recordAudit(
          trx,
          requestAudit(request, {
            action: row.replaced ? 'secret.update' : 'secret.create',
            resourceType: 'secret',
            resourceId: id,
            metadata: { name, server: server.slug },
          }),
        );
        return { secret: row, slug: server.slug };
      });
      await notify(db, Channels.serverChanged, { serverId: id, slug });
      return { secret: toSecret(secret) };
    },
  );

  app.delete(
    '/servers/:id/secrets/:name',
    {
      schema: {
        summary: 'Delete a secret',
        tags: ['secrets'],
        params: secretParams,
        response: { 204: noContent, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, name } = request.params as { id: string; name: string };
      const slug = await db.transaction().execute(async (trx) => {
        const server = await lockServer(trx, request.auth.orgId, id);
        if (!server) throw notFound('server');
        if (!(await deleteSecret(trx, id, name))) throw notFound('secret');
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'secret.delete',
            resourceType: 'secret',
            resourceId: id,
            metadata: { name, server: server.slug },
          }),
        );
        return server.slug;
      });
      await notify(db, Channels.serverChanged, { serverId: id, slug });
      return reply.code(204).send();
    },
  );
}
