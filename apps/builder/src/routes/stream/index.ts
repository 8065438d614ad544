import { TicketError, verifyTicket } from '@bmm/crypto';
import { consumeTicket, type Db } from '@bmm/db';
import { HttpProblem } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { WebSocket } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { BuildLogHub, Frame, Watcher } from '../../stream/hub.js';
import { ticketHolderMaySee } from '../../stream/ticket-holder.js';

export interface StreamContext {
  hub: BuildLogHub;
  db: Db;
  ticketKey: Buffer;
  heartbeatMs: number;
  /** The web app's origin: a browser socket opened from any other page is refused. */
  webOrigin: string;
}

const streamParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const streamQuery = Type.Object(
  {
    ticket: Type.String({ minLength: 10, maxLength: 2000 }),
    since: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

/**
 * GET /v1/builds/:id/stream?ticket=…&since=<seq>: the build log over a WebSocket. Before the
 * upgrade: the page that opens it must be the web app (`Origin`, when a browser sends one); the
 * ticket (from the api, 60 s) must name this build, must still belong to someone who may see it
 * (a member of the build's org, or a live API key of that org), and works once.
 */
const streamRoutes: FastifyPluginAsyncTypebox<{ ctx: StreamContext }> = async (app, { ctx }) => {
  app.get(
    '/v1/builds/:id/stream',
    {
      websocket: true,
      schema: { params: streamParams, querystring: streamQuery },
      // Before validation, so a missing or malformed ticket answers 401 like any refused one: params and
      // query are still the raw strings here, whatever their types say.
      preValidation: async (request) => {
        checkOrigin(request, ctx.webOrigin);
        const ticket: unknown = request.query.ticket;
        await admitTicket(ctx, request.params.id, typeof ticket === 'string' ? ticket : '');
      },
    },
    async (socket, request) => {
      const { id } = request.params;
      const watcher = socketWatcher(socket, request.query.since ?? 0, ctx.heartbeatMs, () =>
        ctx.hub.detach(id, watcher),
      );
      try {
        await ctx.hub.attach(id, watcher);
      } catch (err) {
        request.log.error({ err, buildId: id }, 'build-log stream failed');
        socket.close(1011, 'internal error');
      }
    },
  );
};

export default streamRoutes;

/** Browsers always send `Origin` on a WebSocket; only the web app's pages may open this one. */
function checkOrigin(request: FastifyRequest, webOrigin: string): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== webOrigin)
    throw new HttpProblem(403, 'origin_not_allowed', `Build logs open only from ${webOrigin}.`);
}

/** The ticket must verify, name this build, belong to someone who may still see it, and be unused. */
async function admitTicket(ctx: StreamContext, buildId: string, ticket: string): Promise<void> {
  let claims: ReturnType<typeof verifyTicket>;
  try {
    claims = verifyTicket(ctx.ticketKey, ticket, 'build-log');
  } catch (err) {
    if (err instanceof TicketError)
      throw new HttpProblem(401, 'invalid_ticket', `Build-log ticket rejected: ${err.message}.`);
    throw err;
  }
  if (claims.buildId !== buildId)
    throw new HttpProblem(401, 'invalid_ticket', 'The ticket is for another build.');
  if (typeof claims.jti !== 'string' || !(await ticketHolderMaySee(ctx.db, claims, buildId)))
    throw new HttpProblem(
      401,
      'invalid_ticket',
      'The ticket no longer belongs to someone who may see this build.',
    );
  if (!(await consumeTicket(ctx.db, { jti: claims.jti, purpose: claims.purpose, exp: claims.exp })))
    throw new HttpProblem(401, 'invalid_ticket', 'The ticket was already used; ask the api for a new one.');
}

/** A watcher that writes frames to the socket, with heartbeat frames; `onClose` runs when the socket closes. */
function socketWatcher(socket: WebSocket, since: number, heartbeatMs: number, onClose: () => void): Watcher {
  let closed = false;
  const beat = setInterval(
    () => watcher.send({ type: 'heartbeat', ts: new Date().toISOString() }),
    heartbeatMs,
  );
  beat.unref();
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
  socket.on('close', () => {
    closed = true;
    clearInterval(beat);
    onClose();
  });
  socket.on('message', () => {
    /* watchers only listen; pings are answered by ws itself */
  });
  return watcher;
}
