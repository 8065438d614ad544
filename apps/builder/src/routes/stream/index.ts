import { TicketError, verifyTicket } from '@bmm/crypto';
import { consumeTicket, type Db } from '@bmm/db';
import { HttpProblem } from '@bmm/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BuildLogHub, Frame, Watcher } from '../../stream/hub.js';
import { ticketHolderMaySee } from '../../stream/ticket-holder.js';

export interface StreamRouteOptions {
  hub: BuildLogHub;
  db: Db;
  ticketKey: Buffer;
  heartbeatMs: number;
  /** The web app's origin: a browser socket opened from any other page is refused. */
  webOrigin: string;
}

/**
 * GET /v1/builds/:id/stream?ticket=…&since=<seq>: the build log over a WebSocket. Before the
 * upgrade: the page that opens it must be the web app (`Origin`, when a browser sends one); the
 * ticket (from the api, 60 s) must name this build, must still belong to someone who may see it
 * (a member of the build's org, or a live API key of that org), and works once.
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
        checkOrigin(request, options.webOrigin);
        const { id } = request.params as { id: string };
        const { ticket } = request.query as { ticket?: string };
        let claims: ReturnType<typeof verifyTicket>;
        try {
          claims = verifyTicket(options.ticketKey, String(ticket ?? ''), 'build-log');
        } catch (err) {
          if (err instanceof TicketError)
            throw new HttpProblem(401, 'invalid_ticket', `Build-log ticket rejected: ${err.message}.`);
          throw err;
        }
        if (claims.buildId !== id)
          throw new HttpProblem(401, 'invalid_ticket', 'The ticket is for another build.');
        if (typeof claims.jti !== 'string' || !(await ticketHolderMaySee(options.db, claims, id)))
          throw new HttpProblem(
            401,
            'invalid_ticket',
            'The ticket no longer belongs to someone who may see this build.',
          );
        if (!(await consumeTicket(options.db, { jti: claims.jti, purpose: claims.purpose, exp: claims.exp })))
          throw new HttpProblem(
            401,
            'invalid_ticket',
            'The ticket was already used; ask the api for a new one.',
          );
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

/** Browsers always send `Origin` on a WebSocket; only the web app's pages may open this one. */
function checkOrigin(request: FastifyRequest, webOrigin: string): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== webOrigin)
    throw new HttpProblem(403, 'origin_not_allowed', `Build logs open only from ${webOrigin}.`);
}
