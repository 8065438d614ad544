import { addServiceCounts, type Db } from '@bmm/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Counter } from 'prom-client';

export interface StatusCountsOptions {
  /** The service's name on the status page: `api`, `oauth-as`, `builder`, `runner`. */
  service: string;
  db: Db;
  /** How often this instance adds its new counts to the current minute's row (default 15 s). */
  flushMs?: number;
}

/** Probes and scrapes say nothing about how a service serves its users. */
const NOT_COUNTED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Adds what this instance answered (requests, and those with a 5xx status) to the public status
 * history, read from its own `http_requests_total`: every `flushMs` the growth since the last flush
 * goes into the current minute's row of `status_samples`, summed with the other instances'. A flush
 * the database refuses is retried with the next one (the counts are kept until they are written);
 * the last one runs when the app closes. Needs the metrics plugin (registered first).
 */
export const statusCountsPlugin = fp(
  async (app: FastifyInstance, opts: StatusCountsOptions) => {
    const counter = app.metrics.getSingleMetric('http_requests_total') as Counter | undefined;
    if (!counter) throw new Error('statusCountsPlugin needs the metrics plugin registered first');
    let written = { requests: 0, errors: 0 };
    let flushing: Promise<void> | null = null;

    const totals = async () => {
      const now = { requests: 0, errors: 0 };
      for (const { labels, value } of (await counter.get()).values) {
        if (NOT_COUNTED.has(String(labels.route))) continue;
        now.requests += value;
        if (labels.status_class === '5xx') now.errors += value;
      }
      return now;
    };
    const flush = async () => {
      const now = await totals();
      const requests = now.requests - written.requests;
      const errors = now.errors - written.errors;
      if (requests <= 0 && errors <= 0) return;
      await addServiceCounts(opts.db, { service: opts.service, at: new Date(), requests, errors });
      written = now;
    };
    const flushOnce = () => {
      flushing ??= flush()
        .catch((err: unknown) =>
          app.log.warn({ err }, 'status counts not written; retrying with the next flush'),
        )
        .finally(() => {
          flushing = null;
        });
      return flushing;
    };

    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(flushOnce, opts.flushMs ?? 15_000);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await flushOnce();
    });
  },
  { name: 'bmm-status-counts', fastify: '5.x', dependencies: ['bmm-metrics'] },
);
