import { Channels, notify, recordAudit, type Visibility } from '@bmm/db';
import { badRequest, notFound } from '@bmm/http';
import { countConnectedClients, revokeLostAccess } from '@bmm/oauth';
import { installSnippets } from '@bmm/spec';
import type { FastifyInstance } from 'fastify';
import { toBuild } from '../../builds/builds.mapper.js';
import { cancelBuild, findBuild, unfinishedBuildIds } from '../../builds/builds.repository.js';
import { buildSchema } from '../../builds/builds.schemas.js';
import { disconnectUpstreams } from '../../connected-accounts/vault.js';
import { auditOrigin, requestAudit } from '../../lib/audit.js';
import { anyObject, errors, idParams, iso, noContent, object } from '../../lib/schemas.js';
import { authenticate, requireRole } from '../../plugins/auth.js';
import {
  displayedVersion,
  findServer,
  listServers,
  listVersions,
  lockServer,
  updateServer,
} from '../../servers/servers.repository.js';
import { normalizeEmail } from '../../users/email-address.js';
import callRoutes from './calls.js';
import previewRoutes from './preview.js';
import {
  allowlistSchema,
  mcpUrl,
  secretName,
  serverDetailSchema,
  serverSchema,
  slugSchema,
  toServer,
  visibility,
} from './servers.schemas.js';
import { createServer } from './servers.service.js';
import { checkSlug } from './slug.js';
import slugAvailabilityRoutes from './slug-availability.js';
import { checkSpec } from './spec-check.js';
import specValidationRoutes from './spec-validation.js';
import upstreamRoutes from './upstreams.js';
import versionRoutes from './versions.js';

interface CreateBody {
  name: string;
  slug: string;
  description?: string;
  spec: unknown;
  secrets?: Record<string, string>;
  visibility?: Visibility;
  allowlist?: string[];
}

function normalizeAllowlist(emails: string[] | undefined): string[] {
  return [...new Set((emails ?? []).map(normalizeEmail))].sort();
}

export default async function serverRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db, config } = app.deps;

  app.post(
    '/servers',
    {
      schema: {
        summary: 'Create a server: validates the spec, stores version 1 and queues its build',
        tags: ['servers'],
        body: object(
          {
            name: { type: 'string', minLength: 1, maxLength: 80 },
            slug: slugSchema,
            description: { type: 'string', maxLength: 2000 },
            spec: anyObject,
            secrets: {
              type: 'object',
              maxProperties: 50,
              propertyNames: secretName,
              additionalProperties: { type: 'string', minLength: 1, maxLength: 16384 },
            },
            visibility,
            allowlist: allowlistSchema,
          },
          ['name', 'slug', 'spec'],
        ),
        response: { 201: object({ server: serverSchema, build: buildSchema }), ...errors(400, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body as CreateBody;
      checkSlug(body.slug);
      const spec = checkSpec(body.spec, body.slug);
      const { serverId, buildId } = await createServer(app, request, {
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
    },
  );

  app.get(
    '/servers',
    {
      schema: {
        summary: "The org's servers with status, tool count, current version and MCP URL",
        tags: ['servers'],
        response: { 200: object({ servers: { type: 'array', items: serverSchema } }), ...errors(403) },
      },
    },
    async (request) => ({
      servers: (await listServers(db, request.auth.orgId)).map((s) => toServer(s, config.RUNNER_URL)),
    }),
  );

  app.get(
    '/servers/:id',
    {
      schema: {
        summary: 'One server: spec, versions, install snippets, connected-client count',
        tags: ['servers'],
        params: idParams,
        response: { 200: serverDetailSchema, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
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
        spec: (shown?.spec as Record<string, unknown> | undefined) ?? null,
        versions: versions.map((v) => ({
          id: v.id,
          version: v.version,
          specHash: v.spec_hash,
          publishedAt: iso(v.published_at),
          createdAt: iso(v.created_at),
          current: v.id === server.current_version_id,
        })),
        installSnippets: installSnippets(server.slug, url),
        connectedClients: clients,
      };
    },
  );

  app.patch(
    '/servers/:id',
    {
      schema: {
        summary: 'Change name, description, visibility or allowlist',
        tags: ['servers'],
        params: idParams,
        body: {
          ...object(
            {
              name: { type: 'string', minLength: 1, maxLength: 80 },
              description: { type: 'string', maxLength: 2000 },
              visibility,
              allowlist: allowlistSchema,
            },
            [],
          ),
          minProperties: 1,
        },
        response: { 200: object({ server: serverSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as Partial<
        Pick<CreateBody, 'name' | 'description' | 'visibility' | 'allowlist'>
      >;
      const patch = {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
        ...(body.allowlist !== undefined ? { allowlist: normalizeAllowlist(body.allowlist) } : {}),
      };
      if (patch.name === '')
        throw badRequest('invalid_name', 'The name is empty.', [{ field: 'body.name', message: 'is empty' }]);
      const slug = await db.transaction().execute(async (trx) => {
        const locked = await lockServer(trx, request.auth.orgId, id);
        if (!locked) throw notFound('server');
        await updateServer(trx, id, patch);
        // Narrowed visibility or a shorter allowlist ends the grants (and live tokens) of those left out.
        const narrowed = patch.visibility !== undefined || patch.allowlist !== undefined;
        const grantsRevoked = narrowed
          ? await revokeLostAccess(trx, { orgId: request.auth.orgId, serverId: id })
          : [];
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'server.update',
            resourceType: 'server',
            resourceId: id,
            metadata: { slug: locked.slug, changes: patch, grantsRevoked: grantsRevoked.length },
          }),
        );
        return locked.slug;
      });
      await notify(db, Channels.serverChanged, { serverId: id, slug });
      const server = await findServer(db, request.auth.orgId, id);
      if (!server) throw notFound('server');
      return { server: toServer(server, config.RUNNER_URL) };
    },
  );

  app.delete(
    '/servers/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary: 'Delete a server (soft): the runner stops serving it at once; its slug stays taken',
        tags: ['servers'],
        params: idParams,
        response: { 204: noContent, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { slug, builds } = await db.transaction().execute(async (trx) => {
        const locked = await lockServer(trx, request.auth.orgId, id);
        if (!locked) throw notFound('server');
        const unfinished = await unfinishedBuildIds(trx, id);
        for (const b of unfinished) await cancelBuild(trx, b.id);
        await updateServer(trx, id, { deleted_at: new Date() });
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'server.delete',
            resourceType: 'server',
            resourceId: id,
            metadata: { slug: locked.slug, canceledBuilds: unfinished.map((b) => b.id) },
          }),
        );
        return { slug: locked.slug, builds: unfinished };
      });
      await notify(db, Channels.serverChanged, { serverId: id, slug });
      for (const b of builds) await notify(db, Channels.buildEvent, { buildId: b.id, status: 'canceled' });
      // Nobody can use the server any more: its users' upstream grants are revoked and forgotten.
      await disconnectUpstreams(app.deps, auditOrigin(request), { serverId: id }, 'server_deleted');
      return reply.code(204).send();
    },
  );

  await app.register(versionRoutes);
  await app.register(previewRoutes);
  await app.register(slugAvailabilityRoutes);
  await app.register(specValidationRoutes);
  await app.register(callRoutes);
  await app.register(upstreamRoutes);
}
