import { problemSchema } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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
