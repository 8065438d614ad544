import { MCP_TOOLS_SCOPE } from '@bmm/oauth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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

const S = () => Type.Optional(Type.String());
const Strings = () => Type.Optional(Type.Array(Type.String()));
const MetadataSchema = Type.Object(
  {
    issuer: S(),
    authorization_endpoint: S(),
    token_endpoint: S(),
    registration_endpoint: S(),
    revocation_endpoint: S(),
    introspection_endpoint: S(),
    jwks_uri: S(),
    scopes_supported: Strings(),
    response_types_supported: Strings(),
    response_modes_supported: Strings(),
    grant_types_supported: Strings(),
    token_endpoint_auth_methods_supported: Strings(),
    revocation_endpoint_auth_methods_supported: Strings(),
    introspection_endpoint_auth_methods_supported: Strings(),
    code_challenge_methods_supported: Strings(),
    client_id_metadata_document_supported: Type.Optional(Type.Boolean()),
    authorization_response_iss_parameter_supported: Type.Optional(Type.Boolean()),
    service_documentation: S(),
  },
  { additionalProperties: true },
);

const metadataRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  const document = authorizationServerMetadata(ctx);
  for (const path of ctx.urls.metadataPaths) {
    app.get(path, { schema: { response: { 200: MetadataSchema } } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return document;
    });
  }
};

export default metadataRoutes;
