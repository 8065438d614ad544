import type { OutboundFetch } from '../lib/outbound.js';
import type { ConnectorOAuthData } from './oauth-provider.js';

/** What happened to the grant at the remote when a person signed out or removed a connector. */
export type RemoteRevocation = 'revoked' | 'not_offered' | 'no_tokens' | 'failed';

/**
 * Ends the grant at the remote authorization server (RFC 7009) when it offers a revocation
 * endpoint: the refresh token, else the access token. Best effort: a remote that is down or
 * refuses does not keep anyone from signing out; the outcome goes into the audit event.
 */
export async function revokeAtRemote(
  fetchFn: OutboundFetch,
  data: ConnectorOAuthData,
): Promise<RemoteRevocation> {
  const token = data.tokens?.refresh_token ?? data.tokens?.access_token;
  if (!token || !data.client) return 'no_tokens';
  // RFC 8414 §2 / RFC 7009: both OAuth and OpenID Connect metadata may carry it.
  const metadata = data.discovery?.authorizationServerMetadata as
    | { revocation_endpoint?: unknown }
    | undefined;
  const endpoint = metadata?.revocation_endpoint;
  if (typeof endpoint !== 'string') return 'not_offered';
  const body = new URLSearchParams({
    token,
    token_type_hint: data.tokens?.refresh_token ? 'refresh_token' : 'access_token',
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const { client_id: clientId, client_secret: secret } = data.client;
  const method = (data.client as { token_endpoint_auth_method?: string }).token_endpoint_auth_method;
  if (secret && method !== 'client_secret_post') {
    // RFC 6749 §2.3.1: form-encode both parts before Basic.
    const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else {
    body.set('client_id', clientId);
    if (secret) body.set('client_secret', secret);
  }
  try {
    const res = await fetchFn(endpoint, { method: 'POST', headers, body: body.toString() });
    await res.body?.cancel().catch(() => {});
    return res.ok ? 'revoked' : 'failed';
  } catch {
    return 'failed';
  }
}
