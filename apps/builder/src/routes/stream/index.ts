import { TicketError, verifyTicket } from '@bmm/crypto';
import { HttpProblem } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import type { BuildLogHub, Frame, Watcher } from '../../stream/hub.js';

export interface StreamRouteOptions {
  hub: BuildLogHub;
  ticketKey: Buffer;
  heartbeatMs: number;
}

/**
 * GET /v1/builds/:id/stream?ticket=…&since=<seq>: the build log over a WebSocket. The ticket
 * (from the api, 60 s, bound to build and user) is checked before the upgrade.
 */
export default async function streamRoutes(app: FastifyInstance, options: StreamRouteOptions) {
  app.get(
    '/v1/builds/:id/stream',
    {
      websocket: true,
      schema: {
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', format: 'uuid' } },
        },
        querystring: {
          type: 'object',
          required: ['ticket'],
          additionalProperties: false,
          properties: {
            ticket: { type: 'string', minLength: 10, maxLength: 2000 },
            since: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
      preValidation: async (request) => {
        const { id } = request.params as { id: string };
        const { ticket } = request.query as { ticket?: string };
        try {
          const claims = verifyTicket(options.ticketKey, String(ticket ?? ''), 'build-log');
          if (claims.buildId !== id)
            throw new HttpProblem(401, 'invalid_ticket', 'The ticket is for another build.');
        } catch (err) {
          if (err instanceof TicketError)
            throw new HttpProblem(401, 'invalid_ticket', `Build-log ticket rejected: ${err.message}.`);
          throw err;
        }
      },
    },
    async (socket, request) => {
      const { id } = request.params as { id: string };
      const { since } = request.query as { since: number };
      let closed = false;
      const watcher: Watcher = {
        since,
        send(frame: Frame) {
          if (!closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
        },
        close(code = 1000, reason = 'build finished') {
          if (closed) return;
          closed = true;
          clearInterval(beat);
          socket.close(code, reason);
        },
      };
      const beat = setInterval(
        () => watcher.send({ type: 'heartbeat', ts: new Date().toISOString() }),
        options.heartbeatMs,
      );
      beat.unref();
      socket.on('close', () => {
        closed = true;
        clearInterval(beat);
        options.hub.detach(id, watcher);
      });
      socket.on('message', () => {
        /* watchers only listen; pings are answered by ws itself */
      });
      try {
        await options.hub.attach(id, watcher);
      } catch (err) {
        request.log.error({ err, buildId: id }, 'build-log stream failed');
        socket.close(1011, 'internal error');
      }
    },
  );
}
