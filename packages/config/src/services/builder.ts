import { z } from 'zod';
import { crypto, database, httpUrl, listen, logging, publicUrls } from '../common.js';

export const builderConfigSchema = z.object({
  ...listen(4002),
  ...database,
  ...crypto,
  ...logging,
  ...publicUrls,
  RUNNER_INTERNAL_URL: httpUrl
    .optional()
    .describe('Where the builder reaches the runner for verification; defaults to RUNNER_URL.'),
  BUILD_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(2)
    .describe('Builds one builder runs at once.'),
  BUILD_STEP_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60_000)
    .describe('Time limit of each build step.'),
});
export type BuilderConfig = z.infer<typeof builderConfigSchema>;
