import { apiConfigSchema } from './api.js';
import { builderConfigSchema } from './builder.js';
import { oauthConfigSchema } from './oauth-as.js';
import { runnerConfigSchema } from './runner.js';
import { webConfigSchema } from './web.js';

/** Every service's schema, by service name (for the launcher, docs and deployment checks). */
export const serviceSchemas = {
  api: apiConfigSchema,
  'oauth-as': oauthConfigSchema,
  builder: builderConfigSchema,
  runner: runnerConfigSchema,
  web: webConfigSchema,
} as const;
export type ServiceName = keyof typeof serviceSchemas;
