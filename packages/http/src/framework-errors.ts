import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { problemTitle } from './problem.js';

/** How a service words an error the router or the HTTP parser raises before any route runs. */
export type ErrorFormat = (
  status: number,
  code: string,
  detail: string,
) => { contentType: string; body: Record<string, unknown> };

export const problemFormat: ErrorFormat = (status, code, detail) => ({
  contentType: 'application/problem+json; charset=utf-8',
  body: { type: 'about:blank', title: problemTitle(status), status, code, detail },
});

/** Router errors: Fastify answers them itself (plain JSON) unless `frameworkErrors` is set. */
function routerError(error: FastifyError): { status: number; code: string; detail: string } {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'bad_url', detail: 'The URL path is not valid percent-encoded UTF-8.' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, code: 'uri_too_long', detail: 'A path segment of this URL is too long.' };
    default:
      return { status: 500, code: 'internal_error', detail: 'Something went wrong on our side.' };
  }
}

/** Connection-level errors of Node's HTTP parser (no request object exists yet). */
function parserError(err: NodeJS.ErrnoException): { status: number; code: string; detail: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'request_timeout', detail: 'The request took too long to arrive.' };
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      code: 'headers_too_large',
      detail: 'The request line and headers are too large (a URL that long is refused too).',
    };
  return { status: 400, code: 'malformed_request', detail: 'The request is not valid HTTP.' };
}

/**
 * Fastify constructor options that make the errors raised outside any route (a path that is not
 * valid percent-encoding, a path parameter over `maxParamLength`, unparseable HTTP) speak the
 * service's error format instead of Fastify's own JSON.
 */
export function frameworkErrorOptions(
  format: ErrorFormat = problemFormat,
): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, code, detail } = routerError(error);
      if (status >= 500) request.log.error({ err: error }, 'router error');
      const out = format(status, code, detail);
      // No route ran, so no hook ends the socket of a WebSocket upgrade request: end it with the answer.
      if (request.headers.upgrade) reply.raw.once('finish', () => request.raw.socket?.destroy());
      reply.code(status).header('connection', 'close').type(out.contentType).send(out.body);
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const { status, code, detail } = parserError(err);
      const out = format(status, code, detail);
      const body = JSON.stringify(out.body);
      if (socket.writable)
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${out.contentType}\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      socket.destroy(err);
    },
  };
}
