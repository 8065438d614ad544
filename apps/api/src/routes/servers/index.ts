import { badRequest, notFound } from '@bmm/http';
import { countConnectedClients } from '@bmm/oauth';
import { installSnippets } from '@bmm/spec';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toBuild } from '../../builds/builds.mapper.js';
import { findBuild } from '../../builds/builds.repository.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { authenticate, requireRole } from '../../plugins/auth.js';
import { mcpUrl, toServer, toVersion } from '../../servers/servers.mapper.js';
import { displayedVersion, findServer, listServers, listVersions } from '../../servers/servers.repository.js';
import {
  createServer,
  deleteServer,
  type ServerSettings,
  updateServerSettings,
} from '../../servers/servers.service.js';
import { checkSlug } from '../../servers/slug.js';
import { checkSpec } from '../../servers/spec-check.js';
import { normalizeEmail } from '../../users/email-address.js';
import callRoutes from './calls.js';
import previewRoutes from './preview.js';
import {
  createServerSchema,
  deleteServerSchema,
  getServerSchema,
  listServersSchema,
  updateServerSchema,
} from './servers.schemas.js';
import slugAvailabilityRoutes from './slug-availability.js';
import specValidationRoutes from './spec-validation.js';
import upstreamRoutes from './upstreams.js';
import versionRoutes from './versions.js';

function normalizeAllowlist(emails: string[] | undefined): string[] {
  return [...new Set((emails ?? []).map(normalizeEmail))].sort();
}

/**
 * Servers: create, list, read, change, delete, versions and rollback.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named services.
 */
const serverRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db, config } = deps;

  app.post('/servers', { schema: createServerSchema }, async (request, reply) => {
    const body = request.body;
    checkSlug(body.slug);
    const spec = checkSpec(body.spec, body.slug);
    const { serverId, buildId } = await createServer(deps, request.auth, auditOrigin(request), {
      name: body.name.trim(),
      slug: body.slug,
      description: body.description ?? spec.description ?? '',
      visibility: body.visibility ?? 'org',
      allowlist: normalizeAllowlist(body.allowlist),
      spec,
      secrets: body.secrets ?? {},
    });
    const [server, build] = await Promise.all([
      findServer(db, request.auth.orgId, serverId),
      findBuild(db, request.auth.orgId, buildId),
    ]);
    if (!server || !build) throw notFound('server');
    return reply.code(201).send({ server: toServer(server, config.RUNNER_URL), build: toBuild(build) });
  });

  app.get('/servers', { schema: listServersSchema }, async (request) => ({
    servers: (await listServers(db, request.auth.orgId)).map((s) => toServer(s, config.RUNNER_URL)),
  }));

  app.get('/servers/:id', { schema: getServerSchema }, async (request) => {
    const { id } = request.params;
    const server = await findServer(db, request.auth.orgId, id);
    if (!server) throw notFound('server');
    const [shown, versions, clients] = await Promise.all([
      displayedVersion(db, id, server.current_version_id),
      listVersions(db, id),
      countConnectedClients(db, id),
    ]);
    const url = mcpUrl(config.RUNNER_URL, server.slug);
    return {
      server: toServer(server, config.RUNNER_URL),
      spec: shown?.spec ?? null,
      versions: versions.map((v) => toVersion(v, server.current_version_id)),
      installSnippets: installSnippets(server.slug, url),
      connectedClients: clients,
    };
  });

  app.patch('/servers/:id', { schema: updateServerSchema }, async (request) => {
    const { id } = request.params;
    const body = request.body;
    const patch: ServerSettings = {
      ...(body.name !== undefined ? { name: body.name.trim() } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
      ...(body.allowlist !== undefined ? { allowlist: normalizeAllowlist(body.allowlist) } : {}),
    };
    if (patch.name === '')
      throw badRequest('invalid_name', 'The name is empty.', [{ field: 'body.name', message: 'is empty' }]);
    await updateServerSettings(db, request.auth.orgId, auditOrigin(request), id, patch);
    const server = await findServer(db, request.auth.orgId, id);
    if (!server) throw notFound('server');
    return { server: toServer(server, config.RUNNER_URL) };
  });

  app.delete(
    '/servers/:id',
    { preHandler: requireRole('admin'), schema: deleteServerSchema },
    async (request, reply) => {
      await deleteServer(deps, request.auth.orgId, auditOrigin(request), request.params.id);
      return reply.code(204).send();
    },
  );

  await app.register(versionRoutes, { deps });
  await app.register(previewRoutes, { deps });
  await app.register(slugAvailabilityRoutes, { deps });
  await app.register(specValidationRoutes);
  await app.register(callRoutes, { deps });
  await app.register(upstreamRoutes, { deps });
};

export default serverRoutes;
