import { validateSpec } from '@bmm/spec';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { anyObject, errors, object } from '../../lib/schemas.js';

const specValidationSchema = {
  summary: 'Validate a ServerSpec (as create and update would) and list every issue; stores nothing',
  tags: ['servers'],
  body: object({ spec: anyObject }, ['spec']),
  response: {
    200: object(
      {
        ok: Type.Boolean(),
        issues: Type.Array(object({ path: Type.String(), message: Type.String() }, ['path', 'message'])),
      },
      ['ok', 'issues'],
    ),
    ...errors(400, 429),
  },
};

/**
 * `POST /servers/spec-validation`: the tool editors' check as you type. The same `validateSpec` the
 * create and update routes run, so the editor never shows a rule of its own; stores nothing.
 */
const specValidationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/servers/spec-validation',
    // An editor asks after each pause in typing: generous, but bounded.
    { config: { rateLimit: { max: 300, timeWindow: '1 minute' } }, schema: specValidationSchema },
    async (request) => {
      const result = validateSpec(request.body.spec);
      return result.ok ? { ok: true, issues: [] } : { ok: false, issues: result.issues.slice(0, 100) };
    },
  );
};

export default specValidationRoutes;
