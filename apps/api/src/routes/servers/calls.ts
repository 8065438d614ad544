import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { dateTime, errors, idParams, iso, nullableString, object } from '../../lib/schemas.js';
import { findServer, latencySeries, recentCalls } from '../../servers/servers.repository.js';

const DEFAULT_CALLS = 20;
const DEFAULT_HOURS = 24;

const callSchema = object({
  id: Type.String(),
  tool: Type.String(),
  status: Type.String(),
  durationMs: Type.Integer(),
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
  calls: Type.Integer(),
  errors: Type.Integer(),
  errorRate: Type.Number(),
  p50Ms: Type.Number(),
  p95Ms: Type.Number(),
  p99Ms: Type.Number(),
});

const callsSchema = {
  summary: "A server's latest tool calls, newest first (tool, status, duration, client; no arguments)",
  tags: ['servers'],
  params: idParams,
  querystring: object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_CALLS }) }, []),
  response: { 200: object({ calls: Type.Array(callSchema) }), ...errors(400, 403, 404) },
};

const latencySchema = {
  summary: "A server's tool calls per hour: calls, errors, error rate and latency p50/p95/p99",
  tags: ['servers'],
  params: idParams,
  querystring: object({ hours: Type.Integer({ minimum: 1, maximum: 168, default: DEFAULT_HOURS }) }, []),
  response: {
    200: object({ hours: Type.Integer(), buckets: Type.Array(bucketSchema) }),
    ...errors(400, 403, 404),
  },
};

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Recent tool calls of a server, as the runner recorded them. Registered inside the servers plugin. */
const callRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps;

  app.get('/servers/:id/calls', { schema: callsSchema }, async (request) => {
    const { id } = request.params;
    const { limit = DEFAULT_CALLS } = request.query;
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
  });

  app.get('/servers/:id/latency', { schema: latencySchema }, async (request) => {
    const { id } = request.params;
    const { hours = DEFAULT_HOURS } = request.query;
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
  });
};

export default callRoutes;
