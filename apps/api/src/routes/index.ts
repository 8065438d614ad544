import type { FastifyInstance } from 'fastify';
import apiKeyRoutes from './api-keys/index.js';
import authRoutes from './auth/index.js';
import invitationRoutes from './invitations/index.js';
import memberRoutes from './members/index.js';
import orgRoutes from './orgs/index.js';
import serverRoutes from './servers/index.js';

/** Every `/v1` route group; each group registers the auth it needs. */
export async function registerRoutes(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(memberRoutes);
  await app.register(invitationRoutes);
  await app.register(apiKeyRoutes);
  await app.register(serverRoutes);
}
