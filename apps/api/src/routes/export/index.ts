import { EXPORT_CONTENT_TYPE } from '@bmm/export';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { exportServer } from '../../export/export.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { errors, idParams, object } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';

const exportSchema = {
  summary: 'Download a version (default: the live one, else the newest) as a standalone project',
  tags: ['servers'],
  params: idParams,
  querystring: object({ version: Type.Integer({ minimum: 1 }) }, []),
  response: {
    200: {
      description: 'A .tar.gz of a TypeScript project serving this version with the MCP SDK',
      content: { [EXPORT_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    },
    ...errors(400, 403, 404, 422),
  },
};

/** `GET /servers/:id/export`: a standalone MCP SDK project of one version, as .tar.gz. */
const exportRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });

  app.get('/servers/:id/export', { schema: exportSchema }, async (request, reply) => {
    const { tarball, fileName } = await exportServer(deps.db, request.auth.orgId, auditOrigin(request), {
      serverId: request.params.id,
      version: request.query.version,
    });
    return reply
      .type(EXPORT_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(tarball);
  });
};

export default exportRoutes;
