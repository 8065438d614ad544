import type { UpstreamSpec } from '@bmm/spec';
import type { FastifyInstance } from 'fastify';
import { listConnectedAccounts } from '../../connected-accounts/connected-accounts.repository.js';
import { disconnectAccount } from '../../connected-accounts/vault.js';
import { auditOrigin } from '../../lib/audit.js';
import {
  dateTime,
  errors,
  idParams,
  iso,
  noContent,
  nullableDateTime,
  nullableString,
  object,
  uuid,
} from '../../lib/schemas.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';

const accountSchema = object({
  id: uuid,
  serverId: uuid,
  serverName: { type: 'string' },
  serverSlug: { type: 'string' },
  upstreamId: { type: 'string' },
  upstreamName: { type: 'string' },
  preset: nullableString,
  accountLabel: nullableString,
  scopes: { type: 'array', items: { type: 'string' } },
  connectedAt: dateTime,
  expiresAt: nullableDateTime,
  /** Set when the provider refused a refresh: the next tool call asks the person to sign in again. */
  revokedAt: nullableDateTime,
});

/**
 * The signed-in person's upstream accounts (the token vault), across every server they connected,
 * and disconnecting one: revoked at the provider (RFC 7009) where it has a revocation endpoint,
 * then deleted. Token values never leave the vault.
 */
export default async function connectedAccountRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db } = app.deps;

  app.get(
    '/me/connected-accounts',
    {
      preHandler: requirePerson,
      schema: {
        summary: 'Your upstream accounts connected through hosted servers (upstream sign-in)',
        tags: ['connected-accounts'],
        response: { 200: object({ items: { type: 'array', items: accountSchema } }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const rows = await listConnectedAccounts(db, request.auth.userId!);
      return {
        items: rows.map((r) => {
          const upstream = ((r.artifact ?? r.spec ?? {}) as { upstreams?: UpstreamSpec[] }).upstreams?.find(
            (u) => u.id === r.upstream_id,
          );
          return {
            id: r.id,
            serverId: r.server_id,
            serverName: r.server_name,
            serverSlug: r.server_slug,
            upstreamId: r.upstream_id,
            upstreamName: upstream?.name ?? r.upstream_id,
            preset: upstream?.preset ?? null,
            accountLabel: r.account_label,
            scopes: r.scopes,
            connectedAt: iso(r.created_at),
            expiresAt: iso(r.expires_at),
            revokedAt: iso(r.revoked_at),
          };
        }),
      };
    },
  );

  app.delete(
    '/me/connected-accounts/:id',
    {
      preHandler: requirePerson,
      schema: {
        summary: 'Disconnect an upstream account: revoke it at the provider and forget it',
        tags: ['connected-accounts'],
        params: idParams,
        response: { 204: noContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await disconnectAccount(app.deps, auditOrigin(request), request.auth.userId!, id);
      return reply.code(204).send();
    },
  );
}
