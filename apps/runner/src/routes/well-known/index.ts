import { problemSchema } from '@bmm/http';
import { SLUG_PATTERN } from '@bmm/spec';
import { buildOAuthProtectedResourceMetadata } from '@modelcontextprotocol/server';
import type { FastifyInstance } from 'fastify';
import { hostCheck } from '../../auth/host-check.js';
import { resourceFace } from '../../auth/resource-face.js';
import type { RunnerContext } from '../../context.js';

const metadataSchema = {
  type: 'object',
  required: ['resource', 'authorization_servers', 'scopes_supported', 'bearer_methods_supported'],
  properties: {
    resource: { type: 'string' },
    authorization_servers: { type: 'array', items: { type: 'string' } },
    scopes_supported: { type: 'array', items: { type: 'string' } },
    bearer_methods_supported: { type: 'array', items: { type: 'string' } },
    resource_name: { type: 'string' },
  },
};

/** RFC 9728 protected-resource metadata of each hosted server; public, so CORS allows any origin. */
export async function wellKnownRoutes(app: FastifyInstance, opts: { ctx: RunnerContext }): Promise<void> {
  const { ctx } = opts;
  const insecureIssuer = new URL(ctx.issuer).protocol === 'http:';
  app.addHook('onRequest', hostCheck(ctx.hostPolicy, { checkOrigin: false }));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  app.options('/.well-known/oauth-protected-resource/:slug/mcp', {}, async (_req, reply) =>
    reply
      .header('access-control-allow-methods', 'GET, OPTIONS')
      .header('access-control-max-age', '86400')
      .code(204)
      .send(),
  );
  app.get<{ Params: { slug: string } }>(
    '/.well-known/oauth-protected-resource/:slug/mcp',
    {
      schema: {
        params: {
          type: 'object',
          required: ['slug'],
          properties: { slug: { type: 'string', pattern: SLUG_PATTERN } },
        },
        response: { 200: metadataSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const entry = await ctx.registry.get(request.params.slug);
      // Private (org, allowlist) servers and unknown slugs get the same anonymous document.
      const face = resourceFace(ctx.runnerUrl, request.params.slug, entry?.version ?? null);
      const metadata = buildOAuthProtectedResourceMetadata({
        oauthMetadata: {
          issuer: ctx.issuer,
          authorization_endpoint: `${ctx.issuer}/authorize`,
          token_endpoint: `${ctx.issuer}/token`,
          response_types_supported: ['code'],
        },
        resourceServerUrl: new URL(face.resourceUrl),
        scopesSupported: [...face.scopes],
        ...(face.name ? { resourceName: face.name } : {}),
        dangerouslyAllowInsecureIssuerUrl: insecureIssuer,
      });
      reply.header('cache-control', 'public, max-age=300');
      return {
        ...metadata,
        // The SDK normalizes URLs (a trailing slash on a bare origin); clients compare these as strings.
        resource: face.resourceUrl,
        authorization_servers: [ctx.issuer],
        bearer_methods_supported: ['header'],
      };
    },
  );
}
