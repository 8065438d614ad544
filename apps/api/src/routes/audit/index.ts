import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditFacets } from '../../audit/audit.repository.js';
import { auditPage } from '../../audit/audit.service.js';
import type { RouteOptions } from '../../deps.js';
import { authenticate, requireRole } from '../../plugins/auth.js';
import { auditFacetsSchema, DEFAULT_AUDIT_LIMIT, listAuditSchema } from './audit.schemas.js';

/** `GET /audit`: who changed what, newest first, with filters and a cursor. Admins and owners. */
const auditRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db } = deps;

  app.get('/audit', { preHandler: requireRole('admin'), schema: listAuditSchema }, async (request) => {
    const { limit = DEFAULT_AUDIT_LIMIT, ...filter } = request.query;
    return auditPage(db, request.auth.orgId, { ...filter, limit });
  });

  app.get('/audit/facets', { preHandler: requireRole('admin'), schema: auditFacetsSchema }, async (request) =>
    auditFacets(db, request.auth.orgId),
  );
};

export default auditRoutes;
