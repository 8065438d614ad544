import type { TokenEndpointAuthMethod } from '@bmm/db';
import { findUnsafeInput } from '@bmm/http';
import { InvalidClientMetadata, parseScope } from '@bmm/oauth';
import { checkRedirectUriAllowed } from '../checks/check-redirect-uri.js';

export interface ClientMetadata {
  redirect_uris: string[];
  client_name: string;
  logo_uri: string | null;
  client_uri: string | null;
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  scope: string | null;
  software_id: string | null;
  software_version: string | null;
}

const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
const GRANT_TYPES = ['authorization_code', 'refresh_token'];

function optionalString(body: Record<string, unknown>, key: string, max: number): string | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > max)
    throw new InvalidClientMetadata(`${key} must be a string of at most ${max} characters.`);
  return v;
}

function optionalHttpsUrl(body: Record<string, unknown>, key: string): string | null {
  const v = optionalString(body, key, 2000);
  if (v === null) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new InvalidClientMetadata(`${key} must be an absolute https URL.`);
  }
  if (u.protocol !== 'https:') throw new InvalidClientMetadata(`${key} must be an https URL.`);
  return v;
}

function stringArray(body: Record<string, unknown>, key: string, fallback: string[], max = 10): string[] {
  const v = body[key];
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || v.length > max || v.some((x) => typeof x !== 'string'))
    throw new InvalidClientMetadata(`${key} must be an array of at most ${max} strings.`);
  return [...new Set(v as string[])];
}

/**
 * Validates RFC 7591 client metadata (also the body of a Client ID Metadata Document) and
 * returns it normalized with RFC 7591 defaults. Throws invalid_redirect_uri / invalid_client_metadata.
 */
export function validateClientMetadata(body: unknown, options: { cimd?: boolean } = {}): ClientMetadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidClientMetadata('Client metadata must be a JSON object.');
  // A metadata document is fetched, not sent: the request input guard never saw it.
  const unsafe = findUnsafeInput(body);
  if (unsafe) throw new InvalidClientMetadata(`${unsafe.path.slice(1) || 'The metadata'} ${unsafe.message}.`);
  const b = body as Record<string, unknown>;
  const redirectUris = b.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0)
    throw new InvalidClientMetadata('redirect_uris is required: a non-empty array of redirect URIs.');
  if (redirectUris.length > 10) throw new InvalidClientMetadata('At most 10 redirect_uris are allowed.');
  const redirect_uris = [...new Set(redirectUris.map(checkRedirectUriAllowed))];

  const method = b.token_endpoint_auth_method ?? (options.cimd ? 'none' : 'client_secret_basic');
  if (!AUTH_METHODS.includes(method as TokenEndpointAuthMethod))
    throw new InvalidClientMetadata(
      `token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}${options.cimd ? ' (metadata-document clients: none)' : ''}.`,
    );
  if (options.cimd && method !== 'none')
    throw new InvalidClientMetadata(
      'Client ID Metadata Document clients must use token_endpoint_auth_method "none".',
    );

  const grant_types = stringArray(b, 'grant_types', ['authorization_code']);
  const unknownGrant = grant_types.find((g) => !GRANT_TYPES.includes(g));
  if (unknownGrant)
    throw new InvalidClientMetadata(`grant_type "${unknownGrant.slice(0, 50)}" is not supported.`);
  if (!grant_types.includes('authorization_code'))
    throw new InvalidClientMetadata('grant_types must include authorization_code.');
  const response_types = stringArray(b, 'response_types', ['code']);
  if (response_types.length !== 1 || response_types[0] !== 'code')
    throw new InvalidClientMetadata('response_types must be ["code"].');

  const scope = optionalString(b, 'scope', 1000);
  if (scope !== null) {
    try {
      parseScope(scope);
    } catch (err) {
      throw new InvalidClientMetadata(`scope: ${(err as Error).message}`);
    }
  }
  return {
    redirect_uris,
    client_name: optionalString(b, 'client_name', 100)?.trim() || 'Unnamed client',
    logo_uri: optionalHttpsUrl(b, 'logo_uri'),
    client_uri: optionalHttpsUrl(b, 'client_uri'),
    grant_types,
    response_types,
    token_endpoint_auth_method: method as TokenEndpointAuthMethod,
    scope,
    software_id: optionalString(b, 'software_id', 200),
    software_version: optionalString(b, 'software_version', 100),
  };
}
