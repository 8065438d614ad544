import type { SpanOptions } from '@bmm/telemetry';
import type { FastifyRequest } from 'fastify';

/**
 * Where an MCP request's trace comes from: `params._meta.traceparent` (the 2026-07-28 revision puts
 * trace context in the message) wins; the `traceparent` header is used when the HTTP
 * instrumentation has not already continued it.
 */
const NONE: SpanOptions = Object.freeze({});

export function traceOptions(request: FastifyRequest): SpanOptions {
  const body = request.body as { params?: { _meta?: { traceparent?: unknown } } } | undefined;
  const meta = Array.isArray(body) ? undefined : body?.params?._meta?.traceparent;
  const header = request.headers.traceparent;
  if (typeof meta !== 'string' && typeof header !== 'string') return NONE;
  return {
    ...(typeof meta === 'string' && { traceparent: meta }),
    ...(typeof header === 'string' && { traceparentIfNone: header }),
  };
}
