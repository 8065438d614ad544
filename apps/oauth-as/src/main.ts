import { loadConfig, oauthConfigSchema, platformUpstreamApps } from '@bmm/config';
import { Keyring } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { exitWithStartupError, listenOptions, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { stopTelemetry } from '@bmm/telemetry';
import { buildApp } from './app.js';
import { startMaintenance } from './jobs/maintenance.js';

try {
  const config = loadConfig(oauthConfigSchema, 'oauth-as');
  const logger = createLogger({ name: 'oauth-as', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, {
    max: config.DATABASE_POOL_SIZE,
    applicationName: 'bmm-oauth-as',
  });
  const app = await buildApp({
    db,
    logger,
    keyring: Keyring.fromConfig(config),
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
    config: {
      issuer: config.OAUTH_ISSUER,
      runnerUrl: config.RUNNER_URL,
      webUrl: config.WEB_URL,
      accessTokenTtl: config.ACCESS_TOKEN_TTL_SECONDS,
      accessTokenAlg: config.OAUTH_ACCESS_TOKEN_ALG,
      cimdAllowPrivateNetwork: config.CIMD_ALLOW_PRIVATE_NETWORK,
      registrationsPerMinute: config.REGISTRATIONS_PER_MINUTE,
      upstreamAllowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK,
      upstreamApps: platformUpstreamApps(config),
    },
  });
  const maintenance = startMaintenance(db, logger);
  await runService(app, {
    name: 'oauth-as',
    ...listenOptions(config),
    onShutdown: async () => {
      await maintenance.stop();
      await db.destroy();
      await stopTelemetry();
    },
  });
} catch (err) {
  exitWithStartupError('oauth-as', err);
}
