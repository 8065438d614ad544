import { badRequest, conflict, HttpProblem, problemErrorHandler, sendProblem } from '@bmm/http';
import { MAX_OPENAPI_BYTES, PlannerError, parseOpenApi } from '@bmm/planner';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { createOutboundFetch, OutboundRefusedError, refusalReason } from '../../lib/outbound.js';
import { anyObject, errors, object, orNull, stringEnum } from '../../lib/schemas.js';
import { slugTaken } from '../../servers/servers.repository.js';
import { slugSchema } from '../../servers/servers.schemas.js';
import { checkSlug } from '../../servers/slug.js';

/** How long the wizard's "fetch it from a URL" waits for the document. */
const OPENAPI_FETCH_TIMEOUT_MS = 10_000;

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

/** `POST /servers/preview`: a draft spec from the planner; stores nothing. */
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

  const outbound = {
    allowPrivateNetwork: deps.config.allowPrivateNetwork ?? false,
    trustedOrigins: [] as string[],
    timeoutMs: OPENAPI_FETCH_TIMEOUT_MS,
    maxBytes: MAX_OPENAPI_BYTES,
  };
  const fetchFn = createOutboundFetch(outbound);
  const urlError = (code: string, detail: string) =>
    badRequest(code, detail, [{ field: 'url', message: detail }]);

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
    async (request) => {
      const { url: raw } = request.body;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw urlError('invalid_url', 'That is not a valid URL.');
      }
      const refused = refusalReason(url, outbound);
      if (refused) throw urlError('url_refused', `This URL cannot be fetched: ${refused}.`);
      let text: string;
      try {
        const response = await fetchFn(url, {
          headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
        });
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel().catch(() => {});
          throw urlError(
            'openapi_fetch_failed',
            `${url.origin} answered with a redirect (${response.status}); redirects are not followed, so give the final URL.`,
          );
        }
        if (!response.ok) {
          await response.body?.cancel().catch(() => {});
          throw urlError(
            'openapi_fetch_failed',
            `${url.origin} answered HTTP ${response.status}, not the document.`,
          );
        }
        text = await response.text();
      } catch (err) {
        if (err instanceof HttpProblem) throw err;
        if (err instanceof OutboundRefusedError && /larger than/.test(err.message))
          throw urlError(
            'openapi_too_large',
            `The document at ${url.origin} is larger than ${MAX_OPENAPI_BYTES / 1024 / 1024} MB, the most the wizard reads.`,
          );
        if (err instanceof OutboundRefusedError) throw urlError('url_refused', err.message);
        throw urlError('openapi_fetch_failed', `Could not fetch ${url.origin}: the connection failed.`);
      }
      try {
        const parsed = await parseOpenApi(text);
        const paths = (parsed.doc.paths ?? {}) as Record<string, Record<string, unknown> | null>;
        const operations = Object.values(paths).reduce(
          (n, item) =>
            n +
            (item && typeof item === 'object'
              ? ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).length
              : 0),
          0,
        );
        return {
          document: text,
          title: String(parsed.doc.info?.title ?? 'Untitled API'),
          version: parsed.version,
          operations,
        };
      } catch (err) {
        const detail =
          err instanceof PlannerError ? err.message : 'The document could not be read as OpenAPI.';
        throw new HttpProblem(422, 'invalid_openapi', detail, {
          fields: [{ field: 'url', message: detail }],
        });
      }
    },
  );
};

export default previewRoutes;
