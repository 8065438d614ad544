import { validateSpec } from '@bmm/spec';
import type { FastifyInstance } from 'fastify';
import { anyObject, errors, object } from '../../lib/schemas.js';

/**
 * `POST /servers/spec-validation`: the tool editors' check as you type. The same `validateSpec` the
 * create and update routes run, so the editor never shows a rule of its own; stores nothing.
 */
export default async function specValidationRoutes(app: FastifyInstance) {
  app.post(
    '/servers/spec-validation',
    {
      // An editor asks after each pause in typing: generous, but bounded.
      config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        summary: 'Validate a ServerSpec (as create and update would) and list every issue; stores nothing',
        tags: ['servers'],
        body: object({ spec: anyObject }, ['spec']),
        response: {
          200: object(
            {
              ok: { type: 'boolean' },
              issues: {
                type: 'array',
                items: object({ path: { type: 'string' }, message: { type: 'string' } }, ['path', 'message']),
              },
            },
            ['ok', 'issues'],
          ),
          ...errors(400, 429),
        },
      },
    },
    async (request) => {
      const result = validateSpec((request.body as { spec: unknown }).spec);
      return result.ok ? { ok: true, issues: [] } : { ok: false, issues: result.issues.slice(0, 100) };
    },
  );
}
