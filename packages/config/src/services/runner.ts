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
import { upstreamApps } from '../upstream.js';

export const runnerConfigSchema = z.object({
  ...listen(4100),
  ...database,
  ...crypto,
  ...logging,
  ...publicUrls,
  ...upstreamApps,
  ...metrics,
  OAUTH_JWKS_URL: httpUrl
    .optional()
    .describe("Where the runner fetches the AS's JWKS; defaults to OAUTH_ISSUER/jwks."),
  RUNNER_HOST_ALIASES: z
    .string()
    .optional()
    .describe('Extra Host names (comma-separated, with port) the runner answers to, besides RUNNER_URL’s.'),
  RUNNER_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .describe(
      'Browser origins (comma-separated, or *) allowed to call hosted servers besides the runner’s own; others get 403.',
    ),
  RUNNER_TOOL_ISOLATION: z
    .enum(['worker', 'thread'])
    .default('worker')
    .describe(
      'worker: code tools run on worker threads, so a runaway tool never stalls other requests; thread: faster, single-tenant only.',
    ),
  RUNNER_SANDBOX_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'Sandbox worker threads for code tools (worker isolation); default the CPU count, at least 2, at most 8.',
    ),
  RUNNER_SANDBOX_ORG_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(8)
    .describe(
      "Code-tool calls of one org running at once in the sandbox pool; more wait in that org's queue (orgs are served round robin).",
    ),
  RUNNER_VERSION_CACHE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(5000)
    .describe(
      'Hosted server versions one runner keeps loaded (least recently used dropped first; a dropped one loads again on its next request in a few ms).',
    ),
  RUNNER_FAST_PATH: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe(
      'true: single tools/call, tools/list, server/discover, ping (and 2025-era initialize) requests are answered without building an SDK server per request, byte-compatible with the SDK; false: every request goes through the SDK.',
    ),
  ALLOW_PRIVATE_NETWORK: allowPrivateNetwork,
});
export type RunnerConfig = z.infer<typeof runnerConfigSchema>;
