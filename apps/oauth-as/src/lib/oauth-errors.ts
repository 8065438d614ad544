import { type ErrorFormat, sendProblem } from '@bmm/http';
import { InvalidClientMetadata, InvalidRequest, OAuthError, oauthErrorBody } from '@bmm/oauth';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Sends an RFC 6749 §5.2 error body; unexpected errors are logged and become a bare server_error. */
export function sendOAuthError(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (!(err instanceof OAuthError)) request.log.error({ err }, 'oauth request failed');
  const { status, body, headers } = oauthErrorBody(err);
  return reply
    .code(status)
    .headers({ ...headers, 'cache-control': 'no-store' })
    .type('application/json')
    .send(body);
}

/**
 * The error handler of an OAuth route scope: schema and body-parser failures become
 * `invalid_request` (or `invalid_client_metadata` at the registration endpoint).
 */
export function oauthErrorHandler(kind: 'protocol' | 'registration' = 'protocol') {
  return (error: FastifyError | OAuthError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof OAuthError) return sendOAuthError(request, reply, error);
    const bad = (message: string, status = 400) =>
      kind === 'registration'
        ? new InvalidClientMetadata(message, status)
        : new InvalidRequest(message, status);
    if (error.validation) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      const missing =
        first?.keyword === 'required'
          ? ` (${(first.params as { missingProperty: string }).missingProperty})`
          : '';
      return sendOAuthError(
        request,
        reply,
        bad(`Invalid ${where}: ${first?.message ?? 'malformed'}${missing}.`),
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendOAuthError(request, reply, bad('The request body is too large.', 413));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendOAuthError(request, reply, bad('Unsupported Content-Type for this endpoint.', 415));
    if (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))
      return sendOAuthError(request, reply, bad('The request body is malformed.'));
    // Over a rate limit is not an OAuth error (`slow_down` belongs to the device flow, and
    // `invalid_client_metadata` would blame the metadata): a plain 429 problem, with Retry-After.
    if (error.statusCode === 429) {
      const wait = Number(reply.getHeader('retry-after'));
      return sendProblem(reply.header('cache-control', 'no-store'), 429, {
        code: 'rate_limited',
        detail: `Too many requests from this address; try again${Number.isFinite(wait) ? ` in ${wait} seconds` : ' later'}.`,
      });
    }
    return sendOAuthError(request, reply, error);
  };
}

/** Router and HTTP-parser errors (bad percent-encoding, an over-long path segment) as RFC 6749 JSON. */
export const oauthErrorFormat: ErrorFormat = (status, _code, detail) => ({
  contentType: 'application/json; charset=utf-8',
  body: { error: status >= 500 ? 'server_error' : 'invalid_request', error_description: detail },
});
