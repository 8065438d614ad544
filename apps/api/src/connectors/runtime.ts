import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { ApiPublicConfig } from '../deps.js';
import { createOutboundFetch, type OutboundOptions, refusalReason } from '../lib/outbound.js';
import type { ConnectorRuntime } from './mcp-session.js';

/** What connectors reach the network with, derived once from the api's config. */
export interface ConnectorSetup {
  rt: ConnectorRuntime;
  /** The SSRF rules for connector URLs (RUNNER_URL is always allowed). */
  outbound: OutboundOptions;
  /** `${API_URL}/v1/connectors/oauth/client-metadata.json`, when the remote AS can fetch it. */
  clientMetadataUrl: string | undefined;
}

export function connectorSetup(deps: { db: Db; keyring: Keyring; config: ApiPublicConfig }): ConnectorSetup {
  const { config } = deps;
  const outbound = {
    allowPrivateNetwork: config.allowPrivateNetwork ?? false,
    trustedOrigins: [config.RUNNER_URL],
  };
  const redirectUrl = `${config.API_URL}/v1/connectors/oauth/callback`;
  const apiUrl = new URL(config.API_URL);
  // CIMD needs a client_id the remote AS can fetch: only a public https API_URL qualifies.
  const clientMetadataUrl =
    apiUrl.protocol === 'https:' && !refusalReason(apiUrl, { allowPrivateNetwork: false, trustedOrigins: [] })
      ? `${config.API_URL}/v1/connectors/oauth/client-metadata.json`
      : undefined;
  return {
    rt: {
      db: deps.db,
      keyring: deps.keyring,
      fetch: createOutboundFetch(outbound),
      oauth: { redirectUrl, clientMetadataUrl },
    },
    outbound,
    clientMetadataUrl,
  };
}
