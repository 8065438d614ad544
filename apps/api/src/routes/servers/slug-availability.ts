import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { errors, object, stringEnum } from '../../lib/schemas.js';
import { slugTaken } from '../../servers/servers.repository.js';
import { slugIssue } from '../../servers/slug.js';

const slugAvailabilitySchema = {
  summary: 'Whether a slug could be used for a new server now (deleted servers keep theirs)',
  tags: ['servers'],
  querystring: object({ slug: Type.String({ maxLength: 100 }) }),
  response: {
    200: object(
      {
        slug: Type.String(),
        available: Type.Boolean(),
        reason: stringEnum(['taken', 'reserved', 'invalid']),
      },
      ['slug', 'available'],
    ),
    ...errors(400, 403),
  },
};

/** The wizard's live slug check, with the rules and the uniqueness lookup the create route uses. */
const slugAvailabilityRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  app.get('/servers/slug-availability', { schema: slugAvailabilitySchema }, async (request) => {
    const { slug } = request.query;
    const reason = slugIssue(slug) ?? ((await slugTaken(deps.db, slug)) ? ('taken' as const) : null);
    return reason ? { slug, available: false, reason } : { slug, available: true };
  });
};

export default slugAvailabilityRoutes;
