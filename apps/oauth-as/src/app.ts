import type { Keyring } from '@bmm/crypto';
import { AuditWriter, type Db } from '@bmm/db';
import {
  createMetricsRegistry,
  frameworkErrorOptions,
  metricsPlugin,
  registerHealthRoutes,
  registerInputGuard,
  registerProblemHandlers,
  statusCountsPlugin,
} from '@bmm/http';
import type { Logger } from '@bmm/logger';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ClientResolver } from './clients/resolve.js';
import type { AsConfig, AsContext } from './context.js';
import { ensureSigningKeys, SigningKeys } from './keys/signing-keys.js';
import { oauthErrorFormat } from './lib/oauth-errors.js';
import { issuerUrls } from './lib/urls.js';
import { createAsMetrics } from './metrics/as-metrics.js';
import authorizeRoutes from './routes/authorize/index.js';
import interactionRoutes from './routes/interaction/index.js';
import introspectRoutes from './routes/introspect/index.js';
import jwksRoutes from './routes/jwks/index.js';
import metadataRoutes from './routes/metadata/index.js';
import registerRoutes from './routes/register/index.js';
import revokeRoutes from './routes/revoke/index.js';
import tokenRoutes from './routes/token/index.js';
import upstreamRoutes from './routes/upstream/index.js';

export type { AsConfig } from './context.js';

export interface AppDeps {
  db: Db;
  logger: Logger;
  keyring: Keyring;
  config: AsConfig;
  /** Trust X-Forwarded-For (behind our own reverse proxy) for per-IP rate limits. */
  trustProxy?: boolean;
  /** METRICS_TOKEN: serve /metrics on this app to that bearer token (else only on METRICS_PORT). */
  metricsToken?: string;
}

function checkConfig(config: AsConfig): void {
  for (const [name, value] of Object.entries({
    issuer: config.issuer,
    runnerUrl: config.runnerUrl,
    webUrl: config.webUrl,
  })) {
    const u = new URL(value);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw new Error(`oauth-as: ${name} must be an http(s) URL`);
  }
  if (
    !Number.isInteger(config.accessTokenTtl) ||
    config.accessTokenTtl < 60 ||
    config.accessTokenTtl > 86_400
  )
    throw new Error('oauth-as: accessTokenTtl must be between 60 and 86400 seconds');
}

/**
 * Builds the OAuth 2.1 authorization server from its dependencies; never reads the environment,
 * never listens. Creates the signing keys that are missing (an active and a next one per algorithm).
 * Over 60 lines because it is the wiring, in registration order, so scopes and prefixes read top to bottom.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  checkConfig(deps.config);
  await ensureSigningKeys(deps.db, deps.keyring);
  const urls = issuerUrls(deps.config.issuer);
  const metricsRegistry = createMetricsRegistry();
  const ctx: AsContext = {
    db: deps.db,
    keyring: deps.keyring,
    config: deps.config,
    urls,
    keys: new SigningKeys(deps.db, deps.keyring, deps.config.signingKeyCacheMs),
    clients: new ClientResolver(deps.db, deps.config.cimdAllowPrivateNetwork),
    csrfKey: deps.keyring.deriveKey('oauth-interaction-csrf'),
    upstream: {
      network: { allowPrivateNetwork: deps.config.upstreamAllowPrivateNetwork ?? false },
      apps: deps.config.upstreamApps ?? {},
    },
    metrics: createAsMetrics(metricsRegistry, deps.db),
    audit: new AuditWriter(deps.db),
  };

  const app = Fastify({
    ...frameworkErrorOptions(oauthErrorFormat),
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.trustProxy ?? false,
  });
  // Closed before the database: queued audit events are stored, none lost on shutdown.
  app.addHook('onClose', async () => {
    await ctx.audit.close();
  });
  registerProblemHandlers(app);
  registerInputGuard(app);
  await app.register(metricsPlugin, { registry: metricsRegistry, db: deps.db, token: deps.metricsToken });
  await app.register(statusCountsPlugin, { service: 'oauth-as', db: deps.db });
  registerHealthRoutes(app, deps.db);

  // Endpoints browser-based MCP clients call cross-origin: CORS `*` (no cookies are involved).
  await app.register(async (open) => {
    await open.register(cors, { origin: '*', methods: ['GET', 'POST', 'OPTIONS', 'DELETE'], maxAge: 600 });
    await open.register(formbody, { bodyLimit: 16 * 1024 });
    await open.register(rateLimit, { global: false });
    await open.register(metadataRoutes, { ctx });
    await open.register(
      async (scoped) => {
        await scoped.register(jwksRoutes, { ctx });
        await scoped.register(registerRoutes, { ctx });
        await scoped.register(tokenRoutes, { ctx });
        await scoped.register(revokeRoutes, { ctx });
      },
      { prefix: urls.prefix },
    );
  });

  // Same-origin endpoints: the browser's redirect, the consent API (cookie), introspection.
  await app.register(
    async (scoped) => {
      await scoped.register(formbody, { bodyLimit: 16 * 1024 });
      await scoped.register(authorizeRoutes, { ctx });
      await scoped.register(interactionRoutes, { ctx });
      await scoped.register(introspectRoutes, { ctx });
      await scoped.register(upstreamRoutes, { ctx });
    },
    { prefix: urls.prefix },
  );
  return app;
}
