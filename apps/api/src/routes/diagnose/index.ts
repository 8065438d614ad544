import { badRequest } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { createOutboundFetch, refusalReason } from '../../lib/outbound.js';
import { anyObject, errors, object } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { diagnose } from './doctor.js';

const exchangeSchema = {
  type: 'object',
  required: ['request', 'status', 'headers'],
  additionalProperties: false,
  properties: {
    request: { type: 'string' },
    status: { type: ['integer', 'null'] },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    fields: anyObject,
    error: { type: 'string' },
  },
} as const;

const stepSchema = object({
  id: { type: 'string' },
  title: { type: 'string' },
  status: { type: 'string', enum: ['pass', 'warn', 'fail', 'skip'] },
  detail: { type: 'string' },
  clause: { type: 'string' },
  evidence: { type: 'array', items: exchangeSchema },
});

const count = { type: 'integer', minimum: 0 } as const;

const diagnosisSchema = object({
  url: { type: 'string' },
  checkedAt: { type: 'string', format: 'date-time' },
  durationMs: { type: 'integer', minimum: 0 },
  summary: object({ pass: count, warn: count, fail: count, skip: count }),
  steps: { type: 'array', items: stepSchema },
});

/** Timeouts for the doctor: a remote server that hangs must not hold a request for long. */
const DOCTOR_TIMEOUT_MS = 5_000;
const DOCTOR_MAX_BYTES = 256 * 1024;

/** `POST /v1/diagnose`: the auth doctor. Runs a client's discovery against a URL; stores nothing. */
export default async function diagnoseRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { config } = app.deps;
  const outbound = {
    allowPrivateNetwork: config.allowPrivateNetwork ?? false,
    trustedOrigins: [config.RUNNER_URL],
    timeoutMs: DOCTOR_TIMEOUT_MS,
    maxBytes: DOCTOR_MAX_BYTES,
  };
  const fetchFn = createOutboundFetch(outbound);

  app.post(
    '/diagnose',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Check a remote MCP server’s OAuth discovery step by step (nothing is stored)',
        tags: ['diagnose'],
        body: object(
          {
            url: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^https?://' },
            probeRegistration: {
              type: 'boolean',
              description:
                'Register (and then delete) a throw-away client to prove dynamic registration works.',
            },
          },
          ['url'],
        ),
        response: { 200: diagnosisSchema, ...errors(400, 429) },
      },
    },
    async (request) => {
      const body = request.body as { url: string; probeRegistration?: boolean };
      let url: URL;
      try {
        url = new URL(body.url);
      } catch {
        throw badRequest('invalid_url', 'url is not a valid URL.', [{ field: 'url', message: 'not a URL' }]);
      }
      if (url.hash)
        throw badRequest('invalid_url', 'An MCP server URL has no fragment.', [
          { field: 'url', message: 'has a fragment' },
        ]);
      const refused = refusalReason(url, outbound);
      if (refused)
        throw badRequest('url_refused', `This URL cannot be checked: ${refused}.`, [
          { field: 'url', message: refused },
        ]);
      return diagnose(body.url, { fetch: fetchFn, probeRegistration: body.probeRegistration === true });
    },
  );
}
