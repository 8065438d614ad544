import type { FastifyInstance } from 'fastify';
import type { RouteOptions } from '../deps.js';
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

/** Every `/v1` route group, each given the dependencies as options; each group registers the auth it needs. */
export async function registerRoutes(app: FastifyInstance, { deps }: RouteOptions) {
  await app.register(authRoutes, { deps });
  await app.register(orgRoutes, { deps });
  await app.register(memberRoutes, { deps });
  await app.register(invitationRoutes, { deps });
  await app.register(apiKeyRoutes, { deps });
  await app.register(serverRoutes, { deps });
  await app.register(secretRoutes, { deps });
  await app.register(buildRoutes, { deps });
  await app.register(clientRoutes, { deps });
  await app.register(connectedAccountRoutes, { deps });
  await app.register(exportRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(usageRoutes, { deps });
  await app.register(diagnoseRoutes, { deps });
  await app.register(connectorRoutes, { deps });
  await app.register(adminRoutes, { deps });
  await app.register(statusRoutes, { deps });
}
