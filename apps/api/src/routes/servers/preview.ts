import { conflict, problemErrorHandler, sendProblem } from '@bmm/http';
import { PlannerError } from '@bmm/planner';
import type { FastifyInstance } from 'fastify';
import { anyObject, errors, object } from '../../lib/schemas.js';
import { slugTaken } from './servers.repository.js';
import { slugSchema } from './servers.schemas.js';
import { checkSlug } from './slug.js';

const draftSchema = object(
  {
    spec: { oneOf: [{ type: 'null' }, anyObject] },
    source: { type: 'string', enum: ['claude', 'openapi', 'template'] },
    notes: { type: 'array', items: { type: 'string' } },
    personalTokens: {
      type: 'array',
      description:
        "Per preset upstream: the secret a person may use instead of each user's sign-in (the wizard's switch)",
      items: object(
        {
          upstreamId: { type: 'string' },
          secret: object(
            {
              name: { type: 'string' },
              description: { type: 'string' },
              required: { type: 'boolean' },
              howToObtain: { type: 'string' },
            },
            ['name', 'description', 'required'],
          ),
          authorization: { type: 'string' },
        },
        ['upstreamId', 'secret'],
      ),
    },
    suggestions: {
      type: 'array',
      items: object({ id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' } }),
    },
  },
  ['spec', 'source', 'notes'],
);

/** `POST /servers/preview`: a draft spec from the planner; stores nothing. */
export default async function previewRoutes(app: FastifyInstance) {
  // The planner reports stable codes and statuses (bad OpenAPI → 4xx, model down → 502/503).
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof PlannerError) {
      // The planner's messages are written for people (never upstream internals), 5xx included.
      if (error.status >= 500) request.log.warn({ code: error.code, status: error.status }, 'planner failed');
      return sendProblem(reply, error.status, { code: error.code, detail: error.message });
    }
    return problemErrorHandler(error as never, request, reply);
  });

  app.post(
    '/servers/preview',
    {
      schema: {
        summary: 'Draft a spec from a description (and optionally an OpenAPI document); stores nothing',
        tags: ['servers'],
        body: object(
          {
            prompt: { type: 'string', minLength: 1, maxLength: 8000 },
            name: { type: 'string', minLength: 1, maxLength: 80 },
            slug: slugSchema,
            openapi: { type: 'string', maxLength: 1_500_000 },
            planner: { type: 'string', enum: ['claude', 'offline'] },
          },
          ['prompt', 'name', 'slug'],
        ),
        response: { 200: object({ draft: draftSchema }), ...errors(400, 403, 409, 422, 502, 503) },
      },
    },
    async (request) => {
      const body = request.body as {
        prompt: string;
        name: string;
        slug: string;
        openapi?: string;
        planner?: 'claude' | 'offline';
      };
      checkSlug(body.slug);
      if (await slugTaken(app.deps.db, body.slug))
        throw conflict('slug_taken', `The slug "${body.slug}" is taken.`);
      const draft = await app.deps.planner.draft({
        prompt: body.prompt,
        name: body.name.trim(),
        slug: body.slug,
        ...(body.openapi ? { openapi: body.openapi } : {}),
        ...(body.planner ? { planner: body.planner } : {}),
      });
      return { draft };
    },
  );
}
