import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toBuild } from '../../builds/builds.mapper.js';
import { findBuild } from '../../builds/builds.repository.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { toServer } from '../../servers/servers.mapper.js';
import { findServer } from '../../servers/servers.repository.js';
import { rollbackServer, updateServerSpec } from '../../servers/servers.service.js';
import { putSpecSchema, rollbackSchema } from './servers.schemas.js';

/** New versions (PUT spec) and rollback to a published one. Registered inside the servers plugin. */
const versionRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db, config } = deps;

  app.put('/servers/:id/spec', { schema: putSpecSchema }, async (request, reply) => {
    const { id } = request.params;
    const { orgId } = request.auth;
    const buildId = await updateServerSpec(db, request.auth, auditOrigin(request), id, request.body.spec);
    const [server, build] = await Promise.all([findServer(db, orgId, id), findBuild(db, orgId, buildId)]);
    if (!server || !build) throw notFound('server');
    return reply.code(201).send({ server: toServer(server, config.RUNNER_URL), build: toBuild(build) });
  });

  app.post('/servers/:id/rollback', { schema: rollbackSchema }, async (request) => {
    const { id } = request.params;
    await rollbackServer(db, request.auth.orgId, auditOrigin(request), id, request.body.version);
    const server = await findServer(db, request.auth.orgId, id);
    if (!server) throw notFound('server');
    return { server: toServer(server, config.RUNNER_URL) };
  });
};

export default versionRoutes;
