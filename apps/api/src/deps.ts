import type { PlanId } from '@bmm/config';
import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { DependencyCheck } from '@bmm/http';
import type { Logger } from '@bmm/logger';
import type { Planner } from '@bmm/planner';
import type { PlatformApps } from '@bmm/upstream';
import type { Mailer } from './lib/mailer.js';
import type { ApiMetrics } from './metrics/api-metrics.js';
import type { StatusSamplerOptions } from './status/sampler.js';

/** Public URLs and browser-facing settings; never derived from a request's Host header. */
export interface ApiPublicConfig {
  WEB_URL: string;
  API_URL: string;
  BUILDER_URL: string;
  RUNNER_URL: string;
  OAUTH_ISSUER: string;
  /** Extra origins allowed to call with cookies, besides WEB_URL and API_URL. */
  CORS_ORIGINS?: string[];
  /** Trust X-Forwarded-* (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Connectors and the auth doctor may reach private/loopback addresses (RUNNER_URL always may). */
  allowPrivateNetwork?: boolean;
}

/** Chat over a connector's tools (the playground); off without an API key. */
export interface ChatSettings {
  /** ANTHROPIC_API_KEY; never sent to the browser or to a remote MCP server. */
  apiKey?: string;
  model: string;
  /** ANTHROPIC_BASE_URL (tests point it at the local fake Messages API). */
  baseURL?: string;
  /** Rounds of tool calls one question may take (default 8). */
  maxToolRounds?: number;
  /** The whole answer, tool calls included (default 180 s). */
  timeoutMs?: number;
  /** Each Messages API request (default 60 s). */
  requestTimeoutMs?: number;
  maxTokens?: number;
}

export interface RateLimits {
  /** Login and signup attempts per IP per window. */
  authPerIp: number;
  /** Login attempts per email per window. */
  loginPerEmail: number;
  /** Verification emails a person may ask to be sent again per window. */
  verificationResendPerUser: number;
  windowMs: number;
}

/** What the operator decides about plans and who administers the instance. */
export interface OperatorSettings {
  /** BMM_DEFAULT_PLAN: the plan a new org starts on. */
  defaultPlan: PlanId;
  /** BMM_ADMIN_EMAILS (lower-case): instance admins once their address is verified. */
  adminEmails: string[];
}

export interface AppDeps {
  db: Db;
  logger: Logger;
  keyring: Keyring;
  planner: Planner;
  /** Playground chat with Claude over a connector's tools; absent or without apiKey: off. */
  chat?: ChatSettings;
  config: ApiPublicConfig;
  rateLimits?: Partial<RateLimits>;
  /** Services `/readyz` reports on (server.ts: the builder, which works the build queue). */
  readinessChecks?: DependencyCheck[];
  /** Upstream sign-in: revocation may reach private networks (tests, local dev); the platform's OAuth apps. */
  upstream?: { allowPrivateNetwork: boolean; apps: PlatformApps };
  /** METRICS_TOKEN: serve /metrics on this app to that bearer token (else only on METRICS_PORT). */
  metricsToken?: string;
  /** Set by buildApp. */
  metrics?: ApiMetrics;
  /** Plans and instance admins; without it new orgs start on `free` and only the first account is an admin. */
  operator?: OperatorSettings;
  /** Sample every service's /readyz into the public status history (server.ts: once a minute). */
  statusSampler?: StatusSamplerOptions;
  /** Sends verification links and notices; without one, they are written to the log (no SMTP_URL). */
  mailer?: Mailer;
}

/** What route plugins receive (`app.register(plugin, { deps })`): AppDeps with buildApp's defaults filled in. */
export interface ApiDeps extends AppDeps {
  rateLimits: RateLimits;
  metrics: ApiMetrics;
  mailer: Mailer;
}

/** The options of every route plugin. */
export interface RouteOptions {
  deps: ApiDeps;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  authPerIp: 30,
  loginPerEmail: 10,
  verificationResendPerUser: 3,
  windowMs: 15 * 60_000,
};

export const DEFAULT_OPERATOR: OperatorSettings = { defaultPlan: 'free', adminEmails: [] };
