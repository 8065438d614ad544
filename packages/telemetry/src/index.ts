/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. This module imports nothing
 * of OpenTelemetry: `startTelemetry` loads the SDK (./setup.ts) only when tracing is on, and the
 * helpers below are a check of one variable when it is off.
 */
import { logContext } from '@bmm/logger';
import type * as Api from '@opentelemetry/api';

export type SpanAttributes = Record<string, string | number | boolean>;

interface Active {
  api: typeof Api;
  tracer: Api.Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let active: Active | undefined;

export interface TelemetryOptions {
  /** `service.name` of every span (bmm-api, bmm-runner, …). */
  serviceName: string;
  /** Defaults to process.env: OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) turns tracing on. */
  env?: Record<string, string | undefined>;
}

/**
 * Starts tracing when an OTLP endpoint is configured: the Node SDK with HTTP, pg, undici (fetch) and
 * Fastify instrumentation, W3C trace context, and trace ids in every log line. Call it before the
 * service's modules load (server.ts imports the service after it). Returns whether tracing is on.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<boolean> {
  const env = options.env ?? process.env;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  if (active) return true;
  const { setupTracing } = await import('./setup.js');
  const started = await setupTracing(options.serviceName, env);
  active = started;
  logContext.fields = () => {
    const span = started.api.trace.getActiveSpan();
    if (!span) return undefined;
    const { traceId, spanId } = span.spanContext();
    return { trace_id: traceId, span_id: spanId };
  };
  return true;
}

/** Exports the spans still buffered (tests, before a scrape of the collector). */
export async function flushTelemetry(): Promise<void> {
  await active?.flush();
}

/** Flushes and stops tracing (on shutdown). */
export async function stopTelemetry(): Promise<void> {
  const current = active;
  active = undefined;
  logContext.fields = undefined;
  await current?.shutdown();
}

export function tracingEnabled(): boolean {
  return active !== undefined;
}

const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A W3C `traceparent` value (version 00), or undefined for anything else. */
export function validTraceparent(value: unknown): string | undefined {
  return typeof value === 'string' && TRACEPARENT.test(value) ? value : undefined;
}

export interface SpanOptions {
  /** Continue this remote trace (an MCP request's `_meta.traceparent`), whatever is active. */
  traceparent?: string;
  /** Continue this remote trace only when no span is active (a `traceparent` header the HTTP instrumentation did not see). */
  traceparentIfNone?: string;
}

/** Runs `fn` in a span (a child of the active one, or of a remote parent); without tracing, just runs it. */
export function withSpan<T>(
  name: string,
  attributes: SpanAttributes | undefined,
  fn: () => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  if (!active) return fn();
  const { api, tracer } = active;
  let parent = api.context.active();
  const remote =
    validTraceparent(options.traceparent) ??
    (api.trace.getSpan(parent) ? undefined : validTraceparent(options.traceparentIfNone));
  if (remote) parent = api.propagation.extract(api.ROOT_CONTEXT, { traceparent: remote });
  return tracer.startActiveSpan(name, { attributes: attributes ?? {} }, parent, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the active span (an outcome known only at the end). */
export function setSpanAttributes(attributes: SpanAttributes): void {
  if (active) active.api.trace.getActiveSpan()?.setAttributes(attributes);
}

/** Marks the active span as failed (a tool error result, not an exception). */
export function markSpanError(message: string): void {
  if (active) active.api.trace.getActiveSpan()?.setStatus({ code: active.api.SpanStatusCode.ERROR, message });
}

/** The active trace id (32 hex), when tracing is on and a span is active. */
export function activeTraceId(): string | undefined {
  if (!active) return undefined;
  return active.api.trace.getActiveSpan()?.spanContext().traceId;
}
