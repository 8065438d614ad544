import { z } from 'zod';
import {
  allowPrivateNetwork,
  crypto,
  database,
  httpUrl,
  listen,
  logging,
  metrics,
  publicUrls,
} from '../common.js';

export const builderConfigSchema = z.object({
  ...listen(4002),
  ...database,
  ...crypto,
  ...logging,
  ...publicUrls,
  ...metrics,
  RUNNER_INTERNAL_URL: httpUrl
    .optional()
    .describe(
      "Where the runner is reached inside the network: the builder's verification, the api's status history; defaults to RUNNER_URL.",
    ),
  BUILD_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(2)
    .describe('Builds one builder runs at once.'),
  BUILD_ORG_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(2)
    .describe(
      "Builds of one org running at once across all builders; the org with the fewest running builds is served first, so one org's queue never holds another's build back by more than one slot.",
    ),
  BUILD_STEP_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60_000)
    .describe('Time limit of each build step.'),
  BUILD_HEARTBEAT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(2_000)
    .describe('How often a worker marks its running builds alive (and checks for cancellation).'),
  BUILD_STALE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15_000)
    .describe('A running build whose heartbeat is older than this is reclaimed by another worker.'),
  BUILD_POLL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('Fallback queue poll interval; queued builds normally wake workers through NOTIFY.'),
  BUILD_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .describe('Claims of one build (after dead workers) before it is failed.'),
  // The test step applies the runner's outbound policy: set it like the runner's.
  ALLOW_PRIVATE_NETWORK: allowPrivateNetwork,
});
export type BuilderConfig = z.infer<typeof builderConfigSchema>;
