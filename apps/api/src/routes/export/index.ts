import { recordAudit } from '@bmm/db';
import { createExportTarball, EXPORT_CONTENT_TYPE, exportBlocker, exportFileName } from '@bmm/export';
import { HttpProblem, notFound } from '@bmm/http';
import { type ServerSpec, validateSpec } from '@bmm/spec';
import type { FastifyInstance } from 'fastify';
import { requestAudit } from '../../lib/audit.js';
import { errors, idParams } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { displayedVersion, findServer, findVersion } from '../../servers/servers.repository.js';

/** `GET /servers/:id/export`: a standalone MCP SDK project of one version, as .tar.gz. */
export default async function exportRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db } = app.deps;

  app.get(
    '/servers/:id/export',
    {
      schema: {
        summary: 'Download a version (default: the live one, else the newest) as a standalone project',
        tags: ['servers'],
        params: idParams,
        querystring: {
          type: 'object',
          properties: { version: { type: 'integer', minimum: 1 } },
          additionalProperties: false,
        },
        response: {
          200: {
            description: 'A .tar.gz of a TypeScript project serving this version with the MCP SDK',
            content: { [EXPORT_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors(400, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { version } = request.query as { version?: number };
      const server = await findServer(db, request.auth.orgId, id);
      if (!server) throw notFound('server');
      const row = version
        ? await findVersion(db, id, version)
        : await displayedVersion(db, id, server.current_version_id);
      if (!row)
        throw new HttpProblem(
          404,
          'version_not_found',
          `This server has no version ${version ?? ''}.`.trim(),
        );
      const checked = validateSpec(row.artifact ?? row.spec);
      const spec = (checked.ok ? checked.spec : row.spec) as ServerSpec;
      // Never a project that silently drops the per-user sign-in its tools rely on.
      const blocker = exportBlocker(spec);
      if (blocker) throw new HttpProblem(422, blocker.code, blocker.message);
      const tarball = await createExportTarball({ spec, serverName: server.name, version: row.version });
      await recordAudit(
        db,
        requestAudit(request, {
          action: 'server.export',
          resourceType: 'server',
          resourceId: id,
          metadata: { slug: server.slug, version: row.version },
        }),
      );
      return reply
        .type(EXPORT_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${exportFileName(server.slug, row.version)}"`)
        .send(tarball);
    },
  );
}
