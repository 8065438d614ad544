import { type Db, recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { listConnectedClients, revokeGrant } from '@bmm/oauth';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { iso } from '../lib/schemas.js';
import { findServer } from '../servers/servers.repository.js';

/** The live OAuth grants (connected MCP clients) of one of the org's servers, newest first. */
export async function serverClients(db: Db, orgId: string, serverId: string) {
  if (!(await findServer(db, orgId, serverId))) throw notFound('server');
  const clients = await listConnectedClients(db, serverId);
  return clients.map((c) => ({ ...c, createdAt: iso(c.createdAt), lastUsedAt: iso(c.lastUsedAt) }));
}

/** Disconnects a client: its grant and refresh tokens are revoked, live access tokens denylisted. */
export async function disconnectClient(
  db: Db,
  orgId: string,
  origin: AuditOrigin,
  target: { serverId: string; grantId: string },
): Promise<void> {
  const { serverId, grantId } = target;
  const server = await findServer(db, orgId, serverId);
  if (!server) throw notFound('server');
  if (!(await revokeGrant(db, { grantId, serverId }))) throw notFound('connected client');
  await recordAudit(
    db,
    auditEvent(origin, {
      action: 'client.revoke',
      resourceType: 'oauth_grant',
      resourceId: grantId,
      metadata: { serverId, server: server.slug },
    }),
  );
}
