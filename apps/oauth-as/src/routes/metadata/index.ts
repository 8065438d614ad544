import { MCP_TOOLS_SCOPE } from '@bmm/oauth';
import type { FastifyInstance } from 'fastify';
import type { AsContext } from '../../context.js';

/** RFC 8414 authorization server metadata (also served at the OIDC discovery paths). */
export function authorizationServerMetadata(ctx: AsContext) {
  const { urls } = ctx;
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorization,
    token_endpoint: urls.token,
    registration_endpoint: urls.registration,
    revocation_endpoint: urls.revocation,
    introspection_endpoint: urls.introspection,
    jwks_uri: urls.jwks,
    scopes_supported: [MCP_TOOLS_SCOPE],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${ctx.config.webUrl}/docs`,
  };
}

const metadataSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    issuer: { type: 'string' },
    authorization_endpoint: { type: 'string' },
    token_endpoint: { type: 'string' },
    registration_endpoint: { type: 'string' },
    revocation_endpoint: { type: 'string' },
    introspection_endpoint: { type: 'string' },
    jwks_uri: { type: 'string' },
    scopes_supported: { type: 'array', items: { type: 'string' } },
    response_types_supported: { type: 'array', items: { type: 'string' } },
    response_modes_supported: { type: 'array', items: { type: 'string' } },
    grant_types_supported: { type: 'array', items: { type: 'string' } },
    token_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
    revocation_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
    introspection_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
    code_challenge_methods_supported: { type: 'array', items: { type: 'string' } },
    client_id_metadata_document_supported: { type: 'boolean' },
    authorization_response_iss_parameter_supported: { type: 'boolean' },
    service_documentation: { type: 'string' },
  },
} as const;

export default async function metadataRoutes(app: FastifyInstance, { ctx }: { ctx: AsContext }) {
  const document = authorizationServerMetadata(ctx);
  for (const path of ctx.urls.metadataPaths) {
    app.get(path, { schema: { response: { 200: metadataSchema } } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return document;
    });
  }
}
