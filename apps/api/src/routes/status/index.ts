import { minuteOf, statusSamplesSince } from '@bmm/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { dateTime, object, problemResponse } from '../../lib/schemas.js';
import { STATUS_SERVICES } from '../../status/sampler.js';

/** Minutes of history the public status page shows, the current one included. */
export const HISTORY_MINUTES = 60;

const minuteSchema = object({
  at: dateTime,
  state: Type.Unsafe<'up' | 'degraded' | 'down' | null>({
    type: ['string', 'null'],
    enum: ['up', 'degraded', 'down', null],
  }),
  requests: Type.Integer(),
  errors: Type.Integer(),
});

/**
 * `GET /status/history`: public, no sign-in. Per service, one entry per minute of the last hour
 * (oldest first): the worst readiness a sampler read (null: no reading), and the requests answered
 * and 5xx errors. Names and numbers only: no URL, instance or error text.
 */
const statusRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps;
  app.get(
    '/status/history',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        summary: "Every service's readiness and error counts per minute over the last hour (public)",
        tags: ['status'],
        security: [],
        response: {
          200: object({
            from: dateTime,
            minutes: Type.Integer(),
            services: Type.Array(
              object({
                id: Type.String(),
                name: Type.String(),
                requests: Type.Integer(),
                errors: Type.Integer(),
                history: Type.Array(minuteSchema),
              }),
            ),
          }),
          429: problemResponse(429),
        },
      },
    },
    async (_request, reply) => {
      const from = new Date(minuteOf(new Date()).getTime() - (HISTORY_MINUTES - 1) * 60_000);
      const rows = await statusSamplesSince(db, from);
      const byKey = new Map(rows.map((r) => [`${r.service} ${r.minute.getTime()}`, r]));
      const services = STATUS_SERVICES.map(({ id, name }) => {
        const history = Array.from({ length: HISTORY_MINUTES }, (_, i) => {
          const at = new Date(from.getTime() + i * 60_000);
          const row = byKey.get(`${id} ${at.getTime()}`);
          return {
            at: at.toISOString(),
            state: row?.state ?? null,
            requests: row?.requests ?? 0,
            errors: row?.errors ?? 0,
          };
        });
        return {
          id,
          name,
          requests: history.reduce((n, m) => n + m.requests, 0),
          errors: history.reduce((n, m) => n + m.errors, 0),
          history,
        };
      });
      reply.header('cache-control', 'public, max-age=15');
      return { from: from.toISOString(), minutes: HISTORY_MINUTES, services };
    },
  );
};

export default statusRoutes;
