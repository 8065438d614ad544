import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AsContext } from '../../context.js';

const S = () => Type.Optional(Type.String());
/** Public JWKs of both algorithms: RSA (`n`, `e`) and EC P-256 (`crv`, `x`, `y`). */
const JwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object({ kty: S(), kid: S(), alg: S(), use: S(), n: S(), e: S(), crv: S(), x: S(), y: S() }),
  ),
});

/** The public signing keys of every algorithm: next, active, and retired ones whose tokens may still be alive. */
const jwksRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  app.get('/jwks', { schema: { response: { 200: JwksSchema } } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return await ctx.keys.jwks();
  });
};

export default jwksRoutes;
