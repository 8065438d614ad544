import { notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { dateTime, errors, idParams, iso, nullableString, object } from '../../lib/schemas.js';
import { findServer, latencySeries, recentCalls } from '../../servers/servers.repository.js';

const callSchema = object({
  id: { type: 'string' },
  tool: { type: 'string' },
  status: { type: 'string' },
  durationMs: { type: 'integer' },
  clientId: nullableString,
  /** The OAuth client's registered name, or null (no client, or it was deleted). */
  clientName: nullableString,
  /** W3C trace id of the call when the runner traces (OTEL_EXPORTER_OTLP_ENDPOINT), else null. */
  traceId: nullableString,
  /** Why a failed call failed (the tool's error text, secret values replaced by their names); else null. */
  error: nullableString,
  createdAt: dateTime,
});

const bucketSchema = object({
  start: dateTime,
  calls: { type: 'integer' },
  errors: { type: 'integer' },
  errorRate: { type: 'number' },
  p50Ms: { type: 'number' },
  p95Ms: { type: 'number' },
  p99Ms: { type: 'number' },
});

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Recent tool calls of a server, as the runner recorded them. Registered inside the servers plugin. */
export default async function callRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get(
    '/servers/:id/calls',
    {
      schema: {
        summary: "A server's latest tool calls, newest first (tool, status, duration, client; no arguments)",
        tags: ['servers'],
        params: idParams,
        querystring: object({ limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }, []),
        response: { 200: object({ calls: { type: 'array', items: callSchema } }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { limit } = request.query as { limit: number };
      const { orgId } = request.auth;
      if (!(await findServer(db, orgId, id))) throw notFound('server');
      const calls = await recentCalls(db, orgId, id, limit);
      return {
        calls: calls.map((c) => ({
          id: String(c.id),
          tool: c.tool,
          status: c.status,
          durationMs: c.duration_ms,
          clientId: c.client_id,
          clientName: c.client_name ?? null,
          traceId: c.trace_id,
          error: c.error,
          createdAt: iso(c.created_at),
        })),
      };
    },
  );
  app.get(
    '/servers/:id/latency',
    {
      schema: {
        summary: "A server's tool calls per hour: calls, errors, error rate and latency p50/p95/p99",
        tags: ['servers'],
        params: idParams,
        querystring: object({ hours: { type: 'integer', minimum: 1, maximum: 168, default: 24 } }, []),
        response: {
          200: object({ hours: { type: 'integer' }, buckets: { type: 'array', items: bucketSchema } }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { hours } = request.query as { hours: number };
      const { orgId } = request.auth;
      if (!(await findServer(db, orgId, id))) throw notFound('server');
      const rows = await latencySeries(db, orgId, id, hours);
      return {
        hours,
        buckets: rows.map((r) => ({
          start: iso(r.bucket),
          calls: r.calls,
          errors: r.errors,
          errorRate: r.calls ? r.errors / r.calls : 0,
          p50Ms: round(Number(r.p50)),
          p95Ms: round(Number(r.p95)),
          p99Ms: round(Number(r.p99)),
        })),
      };
    },
  );
}
