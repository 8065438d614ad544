import { loadConfig, oauthConfigSchema } from '@bmm/config';
import { createDb } from '@bmm/db';
import { exitWithStartupError, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { buildApp } from './app.js';

try {
  const config = loadConfig(oauthConfigSchema, 'oauth-as');
  const logger = createLogger({ name: 'oauth-as', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, {
    max: config.DATABASE_POOL_SIZE,
    applicationName: 'bmm-oauth-as',
  });
  const app = await buildApp({ db, logger });
  await runService(app, {
    name: 'oauth-as',
    host: config.HOST,
    port: config.PORT,
    onShutdown: () => db.destroy(),
  });
} catch (err) {
  exitWithStartupError('oauth-as', err);
}
