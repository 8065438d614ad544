import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { drainUnreadBody } from './unread-body.js';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error with a stable machine `code` and an HTTP status, rendered as RFC 9457
 * `application/problem+json`. Only errors below 500 show their message.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { fields?: FieldError[]; [k: string]: unknown } = {},
  ) {
    super(message);
  }
}

/**
 * A remote server the caller named failed (502): the message describes that server's answer, not
 * our internals, so unlike other 5xx it is shown (and it is no error of ours to log as one).
 */
export class UpstreamProblem extends HttpProblem {}

export const badGateway = (code: string, message: string) => new UpstreamProblem(502, code, message);

export const badRequest = (code: string, message: string, fields?: FieldError[]) =>
  new HttpProblem(400, code, message, fields ? { fields } : {});
export const unauthorized = (message = 'Sign in, or send an API key.') =>
  new HttpProblem(401, 'unauthenticated', message);
export const forbidden = (message: string, code = 'forbidden') => new HttpProblem(403, code, message);
export const notFound = (what = 'resource') => new HttpProblem(404, 'not_found', `No such ${what}.`);
export const conflict = (code: string, message: string) => new HttpProblem(409, code, message);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const problemTitle = (status: number): string => TITLES[status] ?? 'Error';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  fields?: FieldError[];
  [k: string]: unknown;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  body: Omit<ProblemBody, 'type' | 'title' | 'status'>,
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: problemTitle(status), status, ...body });
}

/** Fastify's `ajv` errors → one field entry per offending property. */
function validationFields(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => {
    const missing =
      v.keyword === 'required' ? `/${(v.params as { missingProperty?: string }).missingProperty}` : '';
    const path = `${v.instancePath}${missing}`.replace(/^\//, '').replaceAll('/', '.');
    const context = error.validationContext ?? 'body';
    return { field: path ? `${context}.${path}` : context, message: v.message ?? 'is invalid' };
  });
}

/** Renders every error as problem+json; unexpected ones are logged and shown as a generic 500. */
export function problemErrorHandler(
  error: FastifyError | HttpProblem,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof HttpProblem) {
    const shown = error.status < 500 || error instanceof UpstreamProblem;
    if (!shown) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, error.status, {
      code: error.code,
      detail: shown ? error.message : 'Something went wrong on our side.',
      ...error.extra,
    });
  }
  if (error.validation) {
    const fields = validationFields(error);
    return sendProblem(reply, 400, {
      code: 'validation_failed',
      detail: `Invalid request: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      fields,
    });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit;
    return sendProblem(reply, 413, {
      code: 'body_too_large',
      detail: limit
        ? `The request body is larger than this endpoint accepts (${limit} bytes).`
        : 'The request body is too large.',
    });
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, status, {
      code: 'internal_error',
      detail: 'Something went wrong on our side.',
    });
  }
  return sendProblem(reply, status, {
    code: (error.code ?? 'bad_request').toLowerCase().replace(/^fst_err_/, ''),
    detail: error.message,
  });
}

export function registerProblemHandlers(app: FastifyInstance): void {
  // Runs before every error handler, the routes' own (OAuth errors) included.
  app.addHook('onError', drainUnreadBody);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, {
      code: 'not_found',
      detail: `No route for ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
}

/** JSON Schema of a problem response, for route `response` schemas and the OpenAPI document. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;
