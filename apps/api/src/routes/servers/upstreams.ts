import type { Db } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { ServerSpec, UpstreamSpec } from '@bmm/spec';
import type { FastifyInstance } from 'fastify';
import { errors, idParams, nullableString, object } from '../../lib/schemas.js';
import { displayedVersion, findServer } from '../../servers/servers.repository.js';
import { listSecrets } from '../secrets/secrets.repository.js';

const upstreamSchema = object({
  id: { type: 'string' },
  name: { type: 'string' },
  preset: nullableString,
  scopes: { type: 'array', items: { type: 'string' } },
  clientIdSecret: { type: 'string', description: 'Name of the server secret holding the client id' },
  clientSecretSecret: {
    ...nullableString,
    description: 'Name of the server secret holding the client secret',
  },
  credentialsSet: { type: 'boolean', description: 'The named secrets have values (never returned)' },
  platformApp: { type: 'boolean', description: 'The operator configured a platform-wide app for the preset' },
  connectedUsers: { type: 'integer', description: 'People with a live sign-in to this upstream' },
  connectUrl: { type: 'string', description: 'Runs the sign-in for the caller (the "Test sign-in" button)' },
});

/** People with a live (not revoked) sign-in, per upstream id of one server. */
async function connectedUsers(db: Db, serverId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('upstream_tokens')
    .select(['upstream_id', db.fn.count<string>('user_id').distinct().as('users')])
    .where('server_id', '=', serverId)
    .where('revoked_at', 'is', null)
    .groupBy('upstream_id')
    .execute();
  return new Map(rows.map((r) => [r.upstream_id, Number(r.users)]));
}

/**
 * `GET /servers/:id/upstreams`: what the server page's Upstream sign-in section needs. Registered
 * inside the servers plugin (authenticated, org-scoped). Secret values are never read: only which
 * names are set.
 */
export default async function upstreamRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const platformApps = new Set<string>(Object.keys(app.deps.upstream?.apps ?? {}));
  const issuer = config.OAUTH_ISSUER.replace(/\/+$/, '');

  app.get(
    '/servers/:id/upstreams',
    {
      schema: {
        summary:
          "A server's upstream sign-ins: the redirect URI to register, whether credentials are set, connected people",
        tags: ['servers'],
        params: idParams,
        response: {
          200: object({
            redirectUri: {
              type: 'string',
              description: 'The one redirect URI of the platform, to register in each OAuth app',
            },
            upstreams: { type: 'array', items: upstreamSchema },
          }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const server = await findServer(db, request.auth.orgId, id);
      if (!server) throw notFound('server');
      const version = await displayedVersion(db, id, server.current_version_id);
      const spec = (version?.artifact ?? version?.spec ?? null) as ServerSpec | null;
      const declared: UpstreamSpec[] = Array.isArray(spec?.upstreams) ? spec.upstreams : [];
      const [stored, counts] = declared.length
        ? await Promise.all([listSecrets(db, id), connectedUsers(db, id)])
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
          credentialsSet:
            set.has(u.clientIdSecret) && (!u.clientSecretSecret || set.has(u.clientSecretSecret)),
          platformApp: Boolean(u.preset && platformApps.has(u.preset)),
          connectedUsers: counts.get(u.id) ?? 0,
          connectUrl: `${issuer}/upstream/connect?${new URLSearchParams({ server: id, upstream: u.id })}`,
        })),
      };
    },
  );
}
