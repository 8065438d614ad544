import { problemSchema } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problemResponse } from '../lib/schemas.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Answers every operation can give whatever its own schema says, added to the OpenAPI document:
 * 400 (any query string or body is checked for text Postgres cannot store; malformed JSON), 414 and
 * the malformed-path 400 where the path has parameters, 413 and 415 where a body may be sent.
 */
export function withCommonResponses<S extends Record<string, unknown>>(
  schema: S,
  method: string,
  url: string,
): S {
  const common = [400, ...(url.includes(':') ? [414] : []), ...(WITH_BODY.has(method) ? [413, 415] : [])];
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const status of common) response[status] ??= problemResponse(status);
  return { ...schema, response };
}

/** Shared schemas and `GET /v1/openapi.json` (OpenAPI 3.1, generated from the route schemas). */
export const registerOpenApi = fp(async (app: FastifyInstance) => {
  app.addSchema(problemSchema);
  app.get(
    '/v1/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3.1 document',
        tags: ['meta'],
        security: [],
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    async () => app.swagger(),
  );
});
