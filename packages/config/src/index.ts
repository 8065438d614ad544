export { httpUrl, masterKey } from './common.js';
export { ConfigError, describeSchema, loadConfig, type VariableDoc } from './load.js';
export { type ApiConfig, apiConfigSchema } from './services/api.js';
export { type BuilderConfig, builderConfigSchema } from './services/builder.js';
export { migrateConfigSchema } from './services/migrate.js';
export { type OAuthConfig, oauthConfigSchema } from './services/oauth-as.js';
export { type RunnerConfig, runnerConfigSchema } from './services/runner.js';
export { type WebConfig, webConfigSchema } from './services/web.js';

import { apiConfigSchema } from './services/api.js';
import { builderConfigSchema } from './services/builder.js';
import { oauthConfigSchema } from './services/oauth-as.js';
import { runnerConfigSchema } from './services/runner.js';
import { webConfigSchema } from './services/web.js';

/** Every service's schema, by service name (for the launcher, docs and deployment checks). */
export const serviceSchemas = {
  api: apiConfigSchema,
  'oauth-as': oauthConfigSchema,
  builder: builderConfigSchema,
  runner: runnerConfigSchema,
  web: webConfigSchema,
} as const;
export type ServiceName = keyof typeof serviceSchemas;
export { PLANS, type PlanLimits, planLimits } from './plans.js';
