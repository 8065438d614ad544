import { apiConfigSchema, loadConfig, platformUpstreamApps } from '@bmm/config';
import { Keyring } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { exitWithStartupError, httpDependency, listenOptions, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { createPlanner } from '@bmm/planner';
import { stopTelemetry } from '@bmm/telemetry';
import { buildApp } from './app.js';

try {
  const config = loadConfig(apiConfigSchema, 'api');
  const builderUrl = config.BUILDER_INTERNAL_URL ?? config.BUILDER_URL;
  const logger = createLogger({ name: 'api', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE, applicationName: 'bmm-api' });
  const app = await buildApp({
    db,
    logger,
    keyring: Keyring.fromConfig(config),
    metricsToken: config.METRICS_TOKEN,
    operator: { defaultPlan: config.BMM_DEFAULT_PLAN, adminEmails: config.BMM_ADMIN_EMAILS },
    planner: createPlanner({
      anthropicApiKey: config.ANTHROPIC_API_KEY,
      model: config.ANTHROPIC_MODEL,
      baseURL: config.ANTHROPIC_BASE_URL,
      logger: logger.child({ component: 'planner' }),
    }),
    chat: {
      apiKey: config.ANTHROPIC_API_KEY,
      model: config.ANTHROPIC_MODEL,
      baseURL: config.ANTHROPIC_BASE_URL,
    },
    config: {
      WEB_URL: config.WEB_URL,
      API_URL: config.API_URL,
      BUILDER_URL: config.BUILDER_URL,
      RUNNER_URL: config.RUNNER_URL,
      OAUTH_ISSUER: config.OAUTH_ISSUER,
      CORS_ORIGINS: (config.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      trustProxy: config.TRUST_PROXY,
      allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK,
    },
    upstream: { allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK, apps: platformUpstreamApps(config) },
    // Builds are queued in Postgres; without a builder they wait, so /readyz says so.
    readinessChecks: [httpDependency('builder', `${builderUrl}/healthz`)],
    // The public status history: every service's readiness, once a minute, from inside the network.
    statusSampler: {
      targets: [
        { service: 'api', readyUrl: 'self' },
        {
          service: 'oauth-as',
          readyUrl: `${config.OAUTH_INTERNAL_URL ?? new URL(config.OAUTH_ISSUER).origin}/readyz`,
        },
        { service: 'builder', readyUrl: `${builderUrl}/readyz` },
        { service: 'runner', readyUrl: `${config.RUNNER_INTERNAL_URL ?? config.RUNNER_URL}/readyz` },
      ],
    },
  });
  await runService(app, {
    name: 'api',
    ...listenOptions(config),
    onShutdown: async () => {
      await db.destroy();
      await stopTelemetry();
    },
  });
} catch (err) {
  exitWithStartupError('api', err);
}
