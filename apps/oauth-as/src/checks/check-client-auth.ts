import { safeEqual, sha256 } from '@bmm/crypto';
import type { OAuthClientRow } from '@bmm/db';
import { unsafeTextReason } from '@bmm/http';
import { InvalidClient, InvalidRequest } from '@bmm/oauth';
import { isMetadataDocumentUrl } from '../clients/cimd.js';
import type { ClientAuthCheck } from '../clients/clients.repository.js';
import type { AsContext } from '../context.js';

type Form = Record<string, string | undefined>;

export interface Presented {
  clientId: string | undefined;
  secret: string | undefined;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

function decodeBasic(header: string): { id: string; secret: string } {
  const raw = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = raw.indexOf(':');
  if (colon < 0) throw new InvalidClient('Malformed Basic credentials.', true);
  let id: string;
  let secret: string;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    id = decodeURIComponent(raw.slice(0, colon).replace(/\+/g, ' '));
    secret = decodeURIComponent(raw.slice(colon + 1).replace(/\+/g, ' '));
  } catch {
    throw new InvalidClient('Malformed Basic credentials.', true);
  }
  // A header is outside the request input guard; no client id holds NUL or a lone surrogate.
  if (unsafeTextReason(id) || unsafeTextReason(secret))
    throw new InvalidClient('Malformed Basic credentials.', true);
  return { id, secret };
}

/** What the request presents: exactly one authentication method (RFC 6749 §2.3). */
export function presentedCredentials(header: string | undefined, body: Form): Presented {
  const basic = header && /^basic /i.test(header) ? decodeBasic(header) : null;
  if (basic) {
    if (body.client_secret !== undefined)
      throw new InvalidRequest('Use one client authentication method, not Basic and client_secret together.');
    if (body.client_id !== undefined && body.client_id !== basic.id)
      throw new InvalidRequest('client_id does not match the Basic credentials.');
    return { clientId: basic.id, secret: basic.secret, method: 'client_secret_basic' };
  }
  if (body.client_secret !== undefined)
    return { clientId: body.client_id, secret: body.client_secret, method: 'client_secret_post' };
  return { clientId: body.client_id, secret: undefined, method: 'none' };
}

/**
 * The same rule as checkClientAuth, for a grant statement to check in SQL (one round trip); null when
 * the request is malformed enough that only checkClientAuth can say what is wrong.
 */
export function clientAuthCheck(
  ctx: AsContext,
  presented: Presented,
  grantType: string,
): ClientAuthCheck | null {
  const { clientId, secret, method } = presented;
  if (!clientId || clientId.length > 2000 || (method !== 'none' && secret === undefined)) return null;
  return {
    clientId,
    method,
    secretHash: method === 'none' ? null : sha256(secret ?? ''),
    grantType,
    metadataDocumentId: isMetadataDocumentUrl(clientId, ctx.config.cimdAllowPrivateNetwork),
  };
}

/** Authenticates the client at the token, revocation and introspection endpoints. */
export async function checkClientAuth(
  ctx: AsContext,
  authorization: string | undefined,
  body: Form,
): Promise<OAuthClientRow> {
  const presented = presentedCredentials(authorization, body);
  const basic = presented.method === 'client_secret_basic';
  if (!presented.clientId) throw new InvalidClient('Client authentication failed: no client_id.', basic);
  let client: OAuthClientRow;
  try {
    client = await ctx.clients.resolve(presented.clientId, { refresh: false });
  } catch {
    throw new InvalidClient('Client authentication failed: unknown client.', basic);
  }
  if (client.token_endpoint_auth_method !== presented.method)
    throw new InvalidClient(
      `Client authentication failed: this client is registered for ${client.token_endpoint_auth_method}, not ${presented.method}.`,
      basic,
    );
  if (presented.method !== 'none') {
    if (!client.secret_hash || !safeEqual(sha256(presented.secret ?? ''), client.secret_hash))
      throw new InvalidClient('Client authentication failed: wrong client secret.', basic);
  }
  return client;
}
