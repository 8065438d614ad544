import { sendProblem } from '@bmm/http';
import { OAuthError, type VerifiedAccessToken } from '@bmm/oauth';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { FastifyReply } from 'fastify';
import { bearerChallenge, bearerToken } from '../../auth/challenge.js';
import type { CallerIdentity } from '../../auth/identity.js';
import type { ResourceFace } from '../../auth/resource-face.js';
import type { RunnerContext } from '../../context.js';
import type { HostedVersion } from '../../hosting/hosted-version.js';

const authInfos = new WeakMap<VerifiedAccessToken, AuthInfo>();

/** The SDK's AuthInfo of a verified token, built once per cached verification. */
function authInfoOf(token: VerifiedAccessToken, raw: string, version: HostedVersion): AuthInfo {
  let info = authInfos.get(token);
  if (!info) {
    const caller: CallerIdentity = { userId: token.sub, clientId: token.clientId, jti: token.jti };
    info = {
      token: raw,
      clientId: token.clientId,
      scopes: token.scopes,
      expiresAt: token.exp,
      resource: new URL(version.resourceUrl),
      resourceMetadataUrl: version.metadataUrl,
      extra: { caller },
    };
    authInfos.set(token, info);
  }
  return info;
}

export function sendChallenge(
  reply: FastifyReply,
  version: { metadataUrl: string },
  status: 401 | 403,
  error: 'invalid_token' | 'insufficient_scope' | undefined,
  description: string,
  scopes: readonly string[],
) {
  return reply
    .code(status)
    .header(
      'www-authenticate',
      bearerChallenge({
        resourceMetadata: version.metadataUrl,
        scopes,
        ...(error && { error, description }),
      }),
    )
    .type('application/json')
    .send({ error: error ?? 'invalid_token', error_description: description });
}

/**
 * Checks the bearer token for this server; answers the 401 itself and returns undefined when the
 * request may not go on. `version` is null for a slug that serves nothing: the caller then hears
 * exactly what they would hear from a private server (`face`), token verification included.
 */
export async function authenticate(
  ctx: RunnerContext,
  authorization: string | undefined,
  face: ResourceFace,
  version: HostedVersion | null,
  reply: FastifyReply,
): Promise<{ token: VerifiedAccessToken; authInfo: AuthInfo; version: HostedVersion } | undefined> {
  const raw = bearerToken(authorization);
  if (raw === undefined) {
    sendChallenge(reply, face, 401, undefined, 'An access token is required.', face.scopes);
    return undefined;
  }
  try {
    if (!raw) throw new OAuthError('invalid_token', 'The Authorization header is not a Bearer token.', 401);
    const token = await ctx.verifier.verify(raw, face.resourceUrl);
    if (!version) {
      // A valid token for a slug that serves nothing: its server was deleted (slugs are never reused).
      sendProblem(reply, 404, { code: 'not_found', detail: 'No such server.' });
      return undefined;
    }
    return { token, authInfo: authInfoOf(token, raw, version), version };
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    sendChallenge(reply, face, 401, 'invalid_token', err.description, face.scopes);
    return undefined;
  }
}
