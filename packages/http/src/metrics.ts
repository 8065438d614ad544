import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { poolStats } from '@bmm/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry };

declare module 'fastify' {
  interface FastifyInstance {
    /** This service's Prometheus registry (HTTP, process, pool and domain metrics). */
    metrics: Registry;
  }
}

/** Seconds: from a fast health check to a slow tool call or build step. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A registry with the default process metrics (CPU, memory, event loop lag, GC, handles). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsPluginOptions {
  registry: Registry;
  /** The service's pool: `bmm_db_pool_*` gauges (saturation = busy / max). */
  db?: object;
  /**
   * Serve `GET /metrics` on this app behind `Authorization: Bearer <token>`. Without a token the
   * app has no /metrics route: the registry is served on METRICS_PORT by runService, or not at all.
   */
  token?: string;
}

/** 2xx, 4xx, …: a bounded label, unlike the status code of a misbehaving client. */
function statusClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}

/**
 * Request count and latency by route template (never the raw URL: it carries slugs and ids),
 * method and status class; pool gauges; and, with a token, the `/metrics` route. Measured on the
 * raw response's `finish`, so hijacked replies (the runner's MCP route, WebSockets) count too.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: MetricsPluginOptions) => {
    const { registry } = opts;
    app.decorate('metrics', registry);
    const labelNames = ['route', 'method', 'status_class'] as const;
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template, method and status class.',
      labelNames,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency until the response is finished, by route template, method and status class.',
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    app.addHook('onRequest', (request, reply, done) => {
      const started = performance.now();
      reply.raw.once('finish', () => {
        const labels = {
          route: request.routeOptions.url ?? 'unmatched',
          method: request.method,
          status_class: statusClass(reply.raw.statusCode),
        };
        requests.inc(labels);
        duration.observe(labels, (performance.now() - started) / 1000);
      });
      done();
    });

    const db = opts.db;
    if (db && poolStats(db)) {
      new Gauge({
        name: 'bmm_db_pool_connections',
        help: 'Postgres pool connections by state (busy, idle) and the pool size (max).',
        labelNames: ['state'] as const,
        registers: [registry],
        collect() {
          const s = poolStats(db);
          if (!s) return;
          this.set({ state: 'busy' }, s.total - s.idle);
          this.set({ state: 'idle' }, s.idle);
          this.set({ state: 'max' }, s.max);
        },
      });
      new Gauge({
        name: 'bmm_db_pool_waiting_queries',
        help: 'Queries waiting for a free Postgres connection (the pool is saturated when this stays above 0).',
        registers: [registry],
        collect() {
          this.set(poolStats(db)?.waiting ?? 0);
        },
      });
    }

    const token = opts.token;
    if (token) {
      const expected = Buffer.from(`Bearer ${token}`);
      app.get('/metrics', { schema: { hide: true } as object, logLevel: 'warn' }, async (request, reply) => {
        const given = Buffer.from(request.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="metrics"')
            .type('application/problem+json')
            .send({
              type: 'about:blank',
              title: 'Unauthorized',
              status: 401,
              code: 'unauthorized',
              detail: 'Send the METRICS_TOKEN as a Bearer token.',
            });
        }
        return reply.type(registry.contentType).send(await registry.metrics());
      });
    }
  },
  { name: 'bmm-metrics', fastify: '5.x' },
);

/** `GET /metrics` of a registry on its own port (METRICS_PORT), for a scraper on a private network. */
export async function startMetricsServer(
  registry: Registry,
  options: { host: string; port: number },
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
