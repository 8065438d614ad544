import type { FastifyInstance } from 'fastify';
import type { AsContext } from '../../context.js';

const jwksSchema = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kty: { type: 'string' },
          kid: { type: 'string' },
          alg: { type: 'string' },
          use: { type: 'string' },
          // RSA
          n: { type: 'string' },
          e: { type: 'string' },
          // EC
          crv: { type: 'string' },
          x: { type: 'string' },
          y: { type: 'string' },
        },
      },
    },
  },
} as const;

/** The public signing keys of every algorithm: next, active, and retired ones whose tokens may still be alive. */
export default async function jwksRoutes(app: FastifyInstance, { ctx }: { ctx: AsContext }) {
  app.get('/jwks', { schema: { response: { 200: jwksSchema } } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return await ctx.keys.jwks();
  });
}
