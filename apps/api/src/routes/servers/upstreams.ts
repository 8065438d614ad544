import { notFound } from '@bmm/http';
import type { ServerSpec, UpstreamSpec } from '@bmm/spec';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { errors, idParams, nullable, object } from '../../lib/schemas.js';
import { listSecrets } from '../../secrets/secrets.repository.js';
import { connectedUsersByUpstream, displayedVersion, findServer } from '../../servers/servers.repository.js';

const upstreamSchema = object({
  id: Type.String(),
  name: Type.String(),
  preset: nullable<string>('string'),
  scopes: Type.Array(Type.String()),
  clientIdSecret: Type.String({ description: 'Name of the server secret holding the client id' }),
  clientSecretSecret: nullable<string>('string', {
    description: 'Name of the server secret holding the client secret',
  }),
  credentialsSet: Type.Boolean({ description: 'The named secrets have values (never returned)' }),
  platformApp: Type.Boolean({ description: 'The operator configured a platform-wide app for the preset' }),
  connectedUsers: Type.Integer({ description: 'People with a live sign-in to this upstream' }),
  connectUrl: Type.String({ description: 'Runs the sign-in for the caller (the "Test sign-in" button)' }),
});

const upstreamsSchema = {
  summary:
    "A server's upstream sign-ins: the redirect URI to register, whether credentials are set, connected people",
  tags: ['servers'],
  params: idParams,
  response: {
    200: object({
      redirectUri: Type.String({
        description: 'The one redirect URI of the platform, to register in each OAuth app',
      }),
      upstreams: Type.Array(upstreamSchema),
    }),
    ...errors(400, 403, 404),
  },
};

/**
 * `GET /servers/:id/upstreams`: what the server page's Upstream sign-in section needs. Registered
 * inside the servers plugin (authenticated, org-scoped). Secret values are never read: only which
 * names are set.
 */
const upstreamRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db, config } = deps;
  const platformApps = new Set<string>(Object.keys(deps.upstream?.apps ?? {}));
  const issuer = config.OAUTH_ISSUER.replace(/\/+$/, '');

  app.get('/servers/:id/upstreams', { schema: upstreamsSchema }, async (request) => {
    const { id } = request.params;
    const server = await findServer(db, request.auth.orgId, id);
    if (!server) throw notFound('server');
    const version = await displayedVersion(db, id, server.current_version_id);
    const spec = (version?.artifact ?? version?.spec ?? null) as ServerSpec | null;
    const declared: UpstreamSpec[] = Array.isArray(spec?.upstreams) ? spec.upstreams : [];
    const [stored, counts] = declared.length
      ? await Promise.all([listSecrets(db, id), connectedUsersByUpstream(db, id)])
      : [[], new Map<string, number>()];
    const set = new Set(stored.map((s) => s.name));
    return {
      redirectUri: `${issuer}/upstream/callback`,
      upstreams: declared.map((u) => ({
        id: u.id,
        name: u.name,
        preset: u.preset ?? null,
        scopes: u.scopes,
        clientIdSecret: u.clientIdSecret,
        clientSecretSecret: u.clientSecretSecret ?? null,
        credentialsSet: set.has(u.clientIdSecret) && (!u.clientSecretSecret || set.has(u.clientSecretSecret)),
        platformApp: Boolean(u.preset && platformApps.has(u.preset)),
        connectedUsers: counts.get(u.id) ?? 0,
        connectUrl: `${issuer}/upstream/connect?${new URLSearchParams({ server: id, upstream: u.id })}`,
      })),
    };
  });
};

export default upstreamRoutes;
