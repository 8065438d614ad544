import type { UpstreamSpec } from '@bmm/spec';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listConnectedAccounts } from '../../connected-accounts/connected-accounts.repository.js';
import { disconnectAccount } from '../../connected-accounts/vault.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { iso } from '../../lib/schemas.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';
import { disconnectAccountSchema, listAccountsSchema } from './connected-accounts.schemas.js';

type AccountRow = Awaited<ReturnType<typeof listConnectedAccounts>>[number];

/** The upstream's name and preset come from the server's live version (its spec names its upstreams). */
function toAccount(r: AccountRow) {
  const { upstreams } = (r.artifact ?? r.spec ?? {}) as { upstreams?: UpstreamSpec[] };
  const upstream = upstreams?.find((u) => u.id === r.upstream_id);
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
}

/**
 * The signed-in person's upstream accounts (the token vault), across every server they connected,
 * and disconnecting one: revoked at the provider (RFC 7009) where it has a revocation endpoint,
 * then deleted. Token values never leave the vault.
 */
const connectedAccountRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  app.addHook('preHandler', requirePerson);

  app.get('/me/connected-accounts', { schema: listAccountsSchema }, async (request) => ({
    items: (await listConnectedAccounts(deps.db, request.auth.userId!)).map(toAccount),
  }));

  app.delete('/me/connected-accounts/:id', { schema: disconnectAccountSchema }, async (request, reply) => {
    await disconnectAccount(deps, auditOrigin(request), request.auth.userId!, request.params.id);
    return reply.code(204).send();
  });
};

export default connectedAccountRoutes;
