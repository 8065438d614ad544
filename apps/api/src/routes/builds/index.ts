import { buildLogsAfter, toBuildLogLine } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toBuild } from '../../builds/builds.mapper.js';
import { listServerBuilds } from '../../builds/builds.repository.js';
import { buildLogTicket, cancelOrgBuild, orgBuild } from '../../builds/builds.service.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { authenticate } from '../../plugins/auth.js';
import { findServer } from '../../servers/servers.repository.js';
import {
  buildLogsSchema,
  buildTicketSchema,
  cancelBuildSchema,
  DEFAULT_LOG_LIMIT,
  DEFAULT_LOG_SINCE,
  getBuildSchema,
  listServerBuildsSchema,
} from './builds.schemas.js';

const buildRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db } = deps;

  app.get('/builds/:id', { schema: getBuildSchema }, async (request) => ({
    build: toBuild(await orgBuild(db, request.auth.orgId, request.params.id)),
  }));

  app.get('/servers/:id/builds', { schema: listServerBuildsSchema }, async (request) => {
    const { id } = request.params;
    if (!(await findServer(db, request.auth.orgId, id))) throw notFound('server');
    return { builds: (await listServerBuilds(db, request.auth.orgId, id, 50)).map(toBuild) };
  });

  app.get('/builds/:id/logs', { schema: buildLogsSchema }, async (request) => {
    const { id } = request.params;
    const { since = DEFAULT_LOG_SINCE, limit = DEFAULT_LOG_LIMIT } = request.query;
    const build = await orgBuild(db, request.auth.orgId, id);
    const lines = await buildLogsAfter(db, id, since, limit);
    return {
      status: build.status,
      lines: lines.map(toBuildLogLine),
      nextSince: lines.at(-1)?.seq ?? since,
    };
  });

  app.post('/builds/:id/cancel', { schema: cancelBuildSchema }, async (request) => ({
    build: toBuild(await cancelOrgBuild(db, request.auth.orgId, request.params.id, auditOrigin(request))),
  }));

  app.post('/builds/:id/ticket', { schema: buildTicketSchema }, async (request) =>
    buildLogTicket(deps, request.auth, request.params.id),
  );
};

export default buildRoutes;
