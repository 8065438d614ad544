import type { FastifyInstance } from 'fastify';
import adminRoutes from './admin/index.js';
import apiKeyRoutes from './api-keys/index.js';
import auditRoutes from './audit/index.js';
import authRoutes from './auth/index.js';
import buildRoutes from './builds/index.js';
import clientRoutes from './clients/index.js';
import connectedAccountRoutes from './connected-accounts/index.js';
import connectorRoutes from './connectors/index.js';
import diagnoseRoutes from './diagnose/index.js';
import exportRoutes from './export/index.js';
import invitationRoutes from './invitations/index.js';
import memberRoutes from './members/index.js';
import orgRoutes from './orgs/index.js';
import secretRoutes from './secrets/index.js';
import serverRoutes from './servers/index.js';
import statusRoutes from './status/index.js';
import usageRoutes from './usage/index.js';

/** Every `/v1` route group; each group registers the auth it needs. */
export async function registerRoutes(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(memberRoutes);
  await app.register(invitationRoutes);
  await app.register(apiKeyRoutes);
  await app.register(serverRoutes);
  await app.register(secretRoutes);
  await app.register(buildRoutes);
  await app.register(clientRoutes);
  await app.register(connectedAccountRoutes);
  await app.register(exportRoutes);
  await app.register(auditRoutes);
  await app.register(usageRoutes);
  await app.register(diagnoseRoutes);
  await app.register(connectorRoutes);
  await app.register(adminRoutes);
  await app.register(statusRoutes);
}
