import { InvalidRequest } from '@bmm/oauth';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Token, revocation and introspection requests are application/x-www-form-urlencoded (RFC 6749 §3.2). */
export async function requireFormBody(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    throw new InvalidRequest('Send the request as application/x-www-form-urlencoded.');
}
