import { type Db, pruneStatusSamples, recordServiceState, type StatusState } from '@bmm/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The services of the public status history, in the order the page lists them. */
export const STATUS_SERVICES = [
  { id: 'api', name: 'REST API' },
  { id: 'oauth-as', name: 'Authorization server' },
  { id: 'builder', name: 'Builder' },
  { id: 'runner', name: 'Runner (hosted servers)' },
] as const;

export type StatusServiceId = (typeof STATUS_SERVICES)[number]['id'];

/** Where the sampler reads a service's readiness: its `/readyz` URL, or `self` for this api's own. */
export interface StatusTarget {
  service: StatusServiceId;
  readyUrl: string | 'self';
}

export interface StatusSamplerOptions {
  targets: StatusTarget[];
  /** Once a minute in production (the history has one cell per minute); tests sample faster. */
  everyMs?: number;
  /** A service that has not answered within this is down (default 3 s). */
  timeoutMs?: number;
}

/** History older than this is dropped. */
export const STATUS_RETENTION_MS = 24 * 60 * 60_000;

/** 200 `ready` → up; 200 `degraded` (a service it needs is down) → degraded; anything else → down. */
export function readinessState(status: number, body: unknown): StatusState {
  if (status !== 200) return 'down';
  const said = (body as { status?: unknown } | null)?.status;
  return said === 'ready' ? 'up' : said === 'degraded' ? 'degraded' : 'down';
}

async function readState(
  app: FastifyInstance,
  target: StatusTarget,
  timeoutMs: number,
): Promise<StatusState> {
  try {
    if (target.readyUrl === 'self') {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      return readinessState(res.statusCode, res.json());
    }
    const res = await fetch(target.readyUrl, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    const body = await res.json().catch(() => null);
    return readinessState(res.status, body);
  } catch {
    return 'down';
  }
}

/**
 * Reads every target's readiness once and records it for the current minute (worst reading of the
 * minute wins across api instances), then drops history older than a day.
 */
export async function sampleStatus(
  app: FastifyInstance,
  options: StatusSamplerOptions & { db: Db },
  now = new Date(),
): Promise<Record<string, StatusState>> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const states = await Promise.all(options.targets.map((t) => readState(app, t, timeoutMs)));
  const { db } = options;
  const result: Record<string, StatusState> = {};
  for (const [i, target] of options.targets.entries()) {
    const state = states[i]!;
    result[target.service] = state;
    await recordServiceState(db, { service: target.service, at: now, state });
  }
  await pruneStatusSamples(db, new Date(now.getTime() - STATUS_RETENTION_MS));
  return result;
}

/**
 * Samples every `everyMs`, a couple of seconds into each period (so the minute's cell fills early),
 * from the moment the app is ready until it closes. One sample at a time; a failed one is logged
 * and the next runs on schedule.
 */
export const statusSamplerPlugin = fp(
  async (app: FastifyInstance, options: StatusSamplerOptions & { db: Db }) => {
    const everyMs = options.everyMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> | null = null;
    let closed = false;
    const schedule = () => {
      if (closed) return;
      const offset = Math.min(2000, Math.floor(everyMs / 10));
      const wait = everyMs - (Date.now() % everyMs) + offset;
      timer = setTimeout(tick, wait);
      timer.unref();
    };
    const tick = () => {
      running = sampleStatus(app, options)
        .catch((err: unknown) => app.log.warn({ err }, 'status sample failed'))
        .finally(() => {
          running = null;
          schedule();
        });
    };
    app.addHook('onReady', async () => {
      tick();
    });
    app.addHook('preClose', async () => {
      closed = true;
      clearTimeout(timer);
      await running;
    });
  },
  { name: 'bmm-status-sampler', fastify: '5.x' },
);
