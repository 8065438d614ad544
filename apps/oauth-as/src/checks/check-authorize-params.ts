import type { OAuthClientRow } from '@bmm/db';
import { InvalidRequest, UnauthorizedClient, UnsupportedResponseType } from '@bmm/oauth';

export type AuthorizeParams = Partial<
  Record<
    | 'client_id'
    | 'redirect_uri'
    | 'response_type'
    | 'state'
    | 'scope'
    | 'code_challenge'
    | 'code_challenge_method'
    | 'resource',
    string
  >
>;

/** Every parameter at most once (RFC 6749 §3.1); `request`/`request_uri` objects are not supported. */
export function singleValuedParams(query: Record<string, unknown>): {
  params: AuthorizeParams;
  duplicated: string | null;
} {
  const params: Record<string, string> = {};
  let duplicated: string | null = null;
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) duplicated ??= k;
    else if (typeof v === 'string') params[k] = v;
  }
  return { params, duplicated };
}

export function checkNoDuplicates(duplicated: string | null): void {
  if (duplicated)
    throw new InvalidRequest(`Parameter "${duplicated.slice(0, 40)}" is repeated; send each parameter once.`);
}

export function checkResponseType(params: AuthorizeParams): void {
  if (!params.response_type) throw new InvalidRequest('response_type is required (code).');
  if (params.response_type !== 'code')
    throw new UnsupportedResponseType('Only response_type=code is supported.');
}

export function checkClientMayUseCode(client: OAuthClientRow): void {
  if (!client.grant_types.includes('authorization_code'))
    throw new UnauthorizedClient('This client is not registered for the authorization_code grant.');
}

export function checkState(params: AuthorizeParams): void {
  if (params.state !== undefined && params.state.length > 1000)
    throw new InvalidRequest('state is too long (at most 1000 characters).');
}
