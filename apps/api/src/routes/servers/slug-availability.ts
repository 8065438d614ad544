import type { FastifyInstance } from 'fastify';
import { errors, object } from '../../lib/schemas.js';
import { slugTaken } from '../../servers/servers.repository.js';
import { slugIssue } from './slug.js';

/** The wizard's live slug check, with the rules and the uniqueness lookup the create route uses. */
export default async function slugAvailabilityRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get(
    '/servers/slug-availability',
    {
      schema: {
        summary: 'Whether a slug could be used for a new server now (deleted servers keep theirs)',
        tags: ['servers'],
        querystring: object({ slug: { type: 'string', maxLength: 100 } }),
        response: {
          200: object(
            {
              slug: { type: 'string' },
              available: { type: 'boolean' },
              reason: { type: 'string', enum: ['taken', 'reserved', 'invalid'] },
            },
            ['slug', 'available'],
          ),
          ...errors(400, 403),
        },
      },
    },
    async (request) => {
      const { slug } = request.query as { slug: string };
      const reason = slugIssue(slug) ?? ((await slugTaken(db, slug)) ? 'taken' : null);
      return reason ? { slug, available: false, reason } : { slug, available: true };
    },
  );
}
