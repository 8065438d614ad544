import { conflict, problemErrorHandler, sendProblem } from '@bmm/http';
import { PlannerError } from '@bmm/planner';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { anyObject, errors, object, orNull, stringEnum } from '../../lib/schemas.js';
import { openApiUrlFetcher } from '../../servers/openapi-url.js';
import { slugTaken } from '../../servers/servers.repository.js';
import { slugSchema } from '../../servers/servers.schemas.js';
import { checkSlug } from '../../servers/slug.js';

const draftSchema = object(
  {
    spec: orNull(anyObject),
    source: stringEnum(['claude', 'openapi', 'template']),
    notes: Type.Array(Type.String()),
    personalTokens: Type.Array(
      object(
        {
          upstreamId: Type.String(),
          secret: object(
            {
              name: Type.String(),
              description: Type.String(),
              required: Type.Boolean(),
              howToObtain: Type.String(),
            },
            ['name', 'description', 'required'],
          ),
          authorization: Type.String(),
        },
        ['upstreamId', 'secret'],
      ),
      {
        description:
          "Per preset upstream: the secret a person may use instead of each user's sign-in (the wizard's switch)",
      },
    ),
    uncovered: Type.Array(Type.String(), {
      description: 'What the prompt asked for that no drafted tool does, in its own words',
    }),
    suggestions: Type.Array(object({ id: Type.String(), name: Type.String(), description: Type.String() })),
  },
  ['spec', 'source', 'notes'],
);

/**
 * `POST /servers/preview`: a draft spec from the planner; stores nothing.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named services.
 */
const previewRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
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
            prompt: Type.String({ minLength: 1, maxLength: 8000 }),
            name: Type.String({ minLength: 1, maxLength: 80 }),
            slug: slugSchema,
            openapi: Type.String({ maxLength: 1_500_000 }),
            planner: stringEnum(['claude', 'offline']),
            focus: Type.String({
              maxLength: 500,
              description:
                'With openapi: keep the operations that mention these words (ignored, with a note, when none does)',
            }),
          },
          ['prompt', 'name', 'slug'],
        ),
        response: { 200: object({ draft: draftSchema }), ...errors(400, 403, 409, 422, 502, 503) },
      },
    },
    async (request) => {
      const body = request.body;
      checkSlug(body.slug);
      if (await slugTaken(deps.db, body.slug))
        throw conflict('slug_taken', `The slug "${body.slug}" is taken.`);
      const draft = await deps.planner.draft({
        prompt: body.prompt,
        name: body.name.trim(),
        slug: body.slug,
        ...(body.openapi ? { openapi: body.openapi } : {}),
        ...(body.planner ? { planner: body.planner } : {}),
        ...(body.openapi && body.focus?.trim() ? { focus: body.focus.trim() } : {}),
      });
      return { draft };
    },
  );

  const fetchOpenApi = openApiUrlFetcher(deps.config.allowPrivateNetwork ?? false);

  app.post(
    '/servers/preview/openapi-url',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary:
          'Fetch an OpenAPI document from a public URL for the wizard (server-side, SSRF-guarded, size- and time-capped); stores nothing',
        tags: ['servers'],
        body: object({ url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }) }, ['url']),
        response: {
          200: object(
            {
              document: Type.String(),
              title: Type.String(),
              version: Type.String(),
              operations: Type.Integer(),
            },
            ['document', 'title', 'version', 'operations'],
          ),
          ...errors(400, 422, 429),
        },
      },
    },
    async (request) => fetchOpenApi(request.body.url),
  );
};

export default previewRoutes;
