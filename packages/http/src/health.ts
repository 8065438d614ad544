import { checkReadiness } from '@bmm/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';

/**
 * `GET /healthz`: the process is alive. `GET /readyz`: the database answers and every
 * migration this build knows is applied (503 with the reason otherwise).
 */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<any>): void {
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
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(db);
      if (!readiness.ok) reply.code(503);
      return { status: readiness.ok ? 'ready' : 'not_ready', ...readiness };
    },
  );
}
