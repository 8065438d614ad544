import { apiConfigSchema, loadConfig } from '@bmm/config';
import { createDb } from '@bmm/db';
import { exitWithStartupError, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { buildApp } from './app.js';

try {
  const config = loadConfig(apiConfigSchema, 'api');
  const logger = createLogger({ name: 'api', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE, applicationName: 'bmm-api' });
  const app = await buildApp({ db, logger });
  await runService(app, {
    name: 'api',
    host: config.HOST,
    port: config.PORT,
    onShutdown: () => db.destroy(),
  });
} catch (err) {
  exitWithStartupError('api', err);
}
