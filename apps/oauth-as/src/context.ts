import type { Keyring } from '@bmm/crypto';
import type { AuditWriter, Db } from '@bmm/db';
import type { AccessTokenAlg } from '@bmm/oauth';
import type { PlatformApps, UpstreamNetwork } from '@bmm/upstream';
import type { ClientResolver } from './clients/resolve.js';
import type { SigningKeys } from './keys/signing-keys.js';
import type { IssuerUrls } from './lib/urls.js';
import type { AsMetrics } from './metrics/as-metrics.js';

export interface AsConfig {
  /** OAUTH_ISSUER; may carry a path. */
  issuer: string;
  /** RUNNER_URL: hosted servers are `${runnerUrl}/<slug>/mcp`. */
  runnerUrl: string;
  /** WEB_URL: the consent page lives at `${webUrl}/oauth/consent`. */
  webUrl: string;
  /** Access-token lifetime in seconds. */
  accessTokenTtl: number;
  /** Let Client ID Metadata Documents live on private/loopback hosts, over http too (tests, local dev). */
  cimdAllowPrivateNetwork: boolean;
  /** Registrations allowed per IP per minute (default 20). */
  registrationsPerMinute?: number;
  /** OAUTH_ACCESS_TOKEN_ALG: what access tokens are signed with (default ES256); the JWKS publishes both. */
  accessTokenAlg?: AccessTokenAlg;
  /** How long an instance keeps using its cached active signing key (default 60 s). */
  signingKeyCacheMs?: number;
  /** Upstream sign-in may reach loopback/private authorization servers, over http too (tests, local dev). */
  upstreamAllowPrivateNetwork?: boolean;
  /** Platform-wide OAuth apps per preset, used when a server's secrets hold no client id. */
  upstreamApps?: PlatformApps;
}

/** What every route plugin gets: the dependencies plus the objects built from them once. */
export interface AsContext {
  db: Db;
  keyring: Keyring;
  config: AsConfig;
  urls: IssuerUrls;
  keys: SigningKeys;
  clients: ClientResolver;
  /** HMAC key binding interaction CSRF tokens to a session. */
  csrfKey: Buffer;
  /** Upstream sign-in (the token vault): outbound network policy and platform OAuth apps. */
  upstream: { network: UpstreamNetwork; apps: PlatformApps };
  metrics: AsMetrics;
  /** Audit events outside a transaction, batched (flushed when the app closes). */
  audit: AuditWriter;
}
