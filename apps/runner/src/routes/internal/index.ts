import { TicketError, verifyTicket } from '@bmm/crypto';
import { problemSchema, sendProblem } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import type { RunnerContext } from '../../context.js';
import { loadVersionById } from '../../hosting/version-repository.js';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * Builder → runner: loads a version exactly as it would be served (secrets decrypted, schemas
 * compiled, MCP definitions built) and answers the tool names it serves. Authorized by a 60 s ticket
 * bound to that version id; not exposed to browsers (no CORS) and not tied to the public host.
 */
export async function internalRoutes(app: FastifyInstance, opts: { ctx: RunnerContext }): Promise<void> {
  const { ctx } = opts;
  const key = ctx.keyring.deriveKey('internal');
  app.post<{ Body: { versionId: string } }>(
    '/internal/verify',
    {
      schema: {
        body: {
          type: 'object',
          required: ['versionId'],
          additionalProperties: false,
          properties: { versionId: { type: 'string', pattern: UUID } },
        },
        response: {
          200: {
            type: 'object',
            required: ['tools'],
            properties: { tools: { type: 'array', items: { type: 'string' } } },
          },
          '4xx': problemSchema,
        },
      },
    },
    async (request, reply) => {
      const ticket = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!ticket)
        return sendProblem(reply, 401, { code: 'unauthorized', detail: 'A verify ticket is required.' });
      try {
        const claims = verifyTicket(key, ticket, 'runner-verify');
        if (claims.versionId !== request.body.versionId)
          throw new TicketError('ticket is for another version');
      } catch (err) {
        if (!(err instanceof TicketError)) throw err;
        return sendProblem(reply, 401, { code: 'invalid_ticket', detail: `Invalid ticket: ${err.message}.` });
      }
      const source = await loadVersionById(ctx.db, ctx.keyring, request.body.versionId);
      if (!source) return sendProblem(reply, 404, { code: 'not_found', detail: 'No such version.' });
      let tools: string[];
      try {
        tools = [...ctx.registry.build(source).version.tools.keys()];
      } catch (err) {
        request.log.warn({ err, versionId: source.versionId }, 'version does not load');
        return sendProblem(reply, 422, { code: 'version_invalid', detail: 'This version cannot be served.' });
      }
      return { tools };
    },
  );
}
