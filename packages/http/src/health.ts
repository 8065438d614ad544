import { checkReadiness } from '@bmm/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';

/**
 * Another service this one needs for part of its work (the api needs a builder for builds to
 * progress; the runner needs the AS's JWKS for new signing keys). `check` rejects when it is down.
 */
export interface DependencyCheck {
  name: string;
  check: (signal: AbortSignal) => Promise<void>;
}

/** A dependency that is up when `GET url` answers 2xx within `timeoutMs`. */
export function httpDependency(name: string, url: string, timeoutMs = 1500): DependencyCheck {
  return {
    name,
    async check(signal) {
      const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    },
  };
}

async function checkDependencies(checks: DependencyCheck[]): Promise<Record<string, 'up' | 'down'>> {
  const controller = new AbortController();
  const results = await Promise.all(
    checks.map((d) =>
      d.check(controller.signal).then(
        () => [d.name, 'up'] as const,
        () => [d.name, 'down'] as const,
      ),
    ),
  );
  return Object.fromEntries(results);
}

/**
 * `GET /healthz`: the process is alive. `GET /readyz`: the database answers and every
 * migration this build knows is applied (503 with the reason otherwise). A dependency that is
 * down makes the answer `degraded` but keeps it 200: the service still serves everything else, and
 * a load balancer must not take it out of rotation for another service's outage.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  db: Kysely<any>,
  dependencies: DependencyCheck[] = [],
): void {
  app.get(
    '/healthz',
    {
      schema: {
        hide: true,
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        hide: true,
        response: {
          '2xx': {
            type: 'object',
            properties: {
              status: { type: 'string' },
              database: { type: 'string' },
              pendingMigrations: { type: 'array', items: { type: 'string' } },
              dependencies: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const [readiness, deps] = await Promise.all([checkReadiness(db), checkDependencies(dependencies)]);
      if (!readiness.ok) {
        reply.code(503);
        return { status: 'not_ready', ...readiness, dependencies: deps };
      }
      const degraded = Object.values(deps).includes('down');
      return { status: degraded ? 'degraded' : 'ready', ...readiness, dependencies: deps };
    },
  );
}
