import { Channels, notify, recordAudit } from '@bmm/db';
import { conflict, HttpProblem, notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { toBuild } from '../../builds/builds.mapper.js';
import { findBuild } from '../../builds/builds.repository.js';
import { buildSchema } from '../../builds/builds.schemas.js';
import { requestAudit } from '../../lib/audit.js';
import { anyObject, errors, idParams, object } from '../../lib/schemas.js';
import {
  findServer,
  findVersion,
  lockServer,
  nextVersionNumber,
  updateServer,
} from '../../servers/servers.repository.js';
import { serverSchema, toServer } from './servers.schemas.js';
import { addVersion } from './servers.service.js';
import { checkSpec } from './spec-check.js';

/** New versions (PUT spec) and rollback to a published one. Registered inside the servers plugin. */
export default async function versionRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.put(
    '/servers/:id/spec',
    {
      schema: {
        summary: 'Store a new version of the spec and queue its build',
        tags: ['servers'],
        params: idParams,
        body: object({ spec: anyObject }),
        response: { 201: object({ server: serverSchema, build: buildSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { spec: input } = request.body as { spec: unknown };
      const { buildId } = await db.transaction().execute(async (trx) => {
        const locked = await lockServer(trx, request.auth.orgId, id);
        if (!locked) throw notFound('server');
        const spec = checkSpec(input, locked.slug);
        const result = await addVersion(trx, request, locked, spec, await nextVersionNumber(trx, id));
        await updateServer(trx, id, {});
        return result;
      });
      await notify(db, Channels.buildEvent, { buildId, status: 'queued' });
      const [server, build] = await Promise.all([
        findServer(db, request.auth.orgId, id),
        findBuild(db, request.auth.orgId, buildId),
      ]);
      if (!server || !build) throw notFound('server');
      return reply.code(201).send({ server: toServer(server, config.RUNNER_URL), build: toBuild(build) });
    },
  );

  app.post(
    '/servers/:id/rollback',
    {
      schema: {
        summary: 'Serve an earlier published version again',
        tags: ['servers'],
        params: idParams,
        body: object({ version: { type: 'integer', minimum: 1 } }),
        response: { 200: object({ server: serverSchema }), ...errors(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { version } = request.body as { version: number };
      const slug = await db.transaction().execute(async (trx) => {
        const locked = await lockServer(trx, request.auth.orgId, id);
        if (!locked) throw notFound('server');
        const target = await findVersion(trx, id, version);
        if (!target)
          throw new HttpProblem(404, 'version_not_found', `This server has no version ${version}.`);
        if (!target.published_at) {
          throw conflict(
            'version_not_published',
            `Version ${version} was never published; only published versions can be served.`,
          );
        }
        if (target.id === locked.current_version_id) return locked.slug;
        const from = locked.current_version_id;
        await updateServer(trx, id, { current_version_id: target.id });
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'server.rollback',
            resourceType: 'server',
            resourceId: id,
            metadata: { slug: locked.slug, version, fromVersionId: from, toVersionId: target.id },
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
}
