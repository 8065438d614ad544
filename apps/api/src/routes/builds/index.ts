import { randomToken, signTicket } from '@bmm/crypto';
import { Channels, notify, recordAudit } from '@bmm/db';
import { conflict, notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { requestAudit } from '../../lib/audit.js';
import { dateTime, errors, idParams, iso, nullableString, object } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { findServer } from '../servers/servers.repository.js';
import { cancelBuild, findBuild, listLogs, listServerBuilds } from './builds.repository.js';
import { buildSchema, buildStatus, toBuild } from './builds.schemas.js';

const TICKET_TTL_SECONDS = 60;
const logLine = object({
  seq: { type: 'integer' },
  ts: dateTime,
  level: { type: 'string' },
  step: nullableString,
  message: { type: 'string' },
});

export default async function buildRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db, keyring, config } = app.deps;

  async function orgBuild(orgId: string, id: string) {
    const build = await findBuild(db, orgId, id);
    if (!build) throw notFound('build');
    return build;
  }

  app.get(
    '/builds/:id',
    {
      schema: {
        summary: 'One build: status, current step, error, timings',
        tags: ['builds'],
        params: idParams,
        response: { 200: object({ build: buildSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request) => ({
      build: toBuild(await orgBuild(request.auth.orgId, (request.params as { id: string }).id)),
    }),
  );

  app.get(
    '/servers/:id/builds',
    {
      schema: {
        summary: "A server's builds, newest first (at most 50)",
        tags: ['builds'],
        params: idParams,
        response: {
          200: object({ builds: { type: 'array', items: buildSchema } }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!(await findServer(db, request.auth.orgId, id))) throw notFound('server');
      return { builds: (await listServerBuilds(db, request.auth.orgId, id, 50)).map(toBuild) };
    },
  );

  app.get(
    '/builds/:id/logs',
    {
      schema: {
        summary: 'Stored log lines of a build after `since` (a seq), oldest first',
        tags: ['builds'],
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            since: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
          },
          additionalProperties: false,
        },
        response: {
          200: object({
            status: buildStatus,
            lines: { type: 'array', items: logLine },
            nextSince: { type: 'integer' },
          }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { since, limit } = request.query as { since: number; limit: number };
      const build = await orgBuild(request.auth.orgId, id);
      const lines = await listLogs(db, id, since, limit);
      return {
        status: build.status,
        lines: lines.map((l) => ({
          seq: l.seq,
          ts: iso(l.ts),
          level: l.level,
          step: l.step,
          message: l.message,
        })),
        nextSince: lines.at(-1)?.seq ?? since,
      };
    },
  );

  app.post(
    '/builds/:id/cancel',
    {
      schema: {
        summary: 'Cancel a build: a queued one at once, a running one at its next step',
        tags: ['builds'],
        params: idParams,
        response: { 200: object({ build: buildSchema }), ...errors(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const outcome = await db.transaction().execute(async (trx) => {
        const build = await findBuild(trx, request.auth.orgId, id);
        if (!build) throw notFound('build');
        const result = await cancelBuild(trx, id);
        if (!result)
          throw conflict(
            'build_finished',
            `The build already ${build.status === 'canceled' ? 'was canceled' : 'finished'}.`,
          );
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'build.cancel',
            resourceType: 'build',
            resourceId: id,
            metadata: { serverId: build.server_id, version: build.version, outcome: result },
          }),
        );
        return result;
      });
      await notify(db, Channels.buildEvent, {
        buildId: id,
        status: outcome === 'canceled' ? 'canceled' : 'running',
      });
      return { build: toBuild(await orgBuild(request.auth.orgId, id)) };
    },
  );

  app.post(
    '/builds/:id/ticket',
    {
      schema: {
        summary: 'A single-use, 60-second ticket for the build-log WebSocket',
        tags: ['builds'],
        params: idParams,
        response: {
          200: object({
            url: { type: 'string' },
            ticket: { type: 'string' },
            expiresIn: { type: 'integer' },
          }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      await orgBuild(request.auth.orgId, id);
      const ticket = signTicket(
        keyring.deriveKey('build-log'),
        'build-log',
        // Single use (jti) and bound to the holder: the builder re-checks membership or the key.
        request.auth.userId
          ? { buildId: id, jti: randomToken(), userId: request.auth.userId }
          : { buildId: id, jti: randomToken(), apiKeyId: request.auth.apiKeyId },
        TICKET_TTL_SECONDS,
      );
      return { url: `${config.BUILDER_URL}/v1/builds/${id}/stream`, ticket, expiresIn: TICKET_TTL_SECONDS };
    },
  );
}
