import { loadConfig, runnerConfigSchema } from '@bmm/config';
import { createDb } from '@bmm/db';
import { exitWithStartupError, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { buildApp } from './app.js';

try {
  const config = loadConfig(runnerConfigSchema, 'runner');
  const logger = createLogger({ name: 'runner', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE, applicationName: 'bmm-runner' });
  const app = await buildApp({ db, logger });
  await runService(app, {
    name: 'runner',
    host: config.HOST,
    port: config.PORT,
    onShutdown: () => db.destroy(),
  });
} catch (err) {
  exitWithStartupError('runner', err);
}
