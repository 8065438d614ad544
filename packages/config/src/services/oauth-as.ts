import { z } from 'zod';
import { allowPrivateNetwork, crypto, database, listen, logging, metrics, publicUrls } from '../common.js';
import { upstreamApps } from '../upstream.js';

export const oauthConfigSchema = z.object({
  ...listen(4001),
  ...database,
  ...crypto,
  ...logging,
  ...publicUrls,
  ...upstreamApps,
  ALLOW_PRIVATE_NETWORK: allowPrivateNetwork,
  ...metrics,
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(3600)
    .describe('Lifetime of access tokens.'),
  CIMD_ALLOW_PRIVATE_NETWORK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe(
      'Allow Client ID Metadata Documents on private/loopback hosts, over http too (tests and local development only).',
    ),
  REGISTRATIONS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(20)
    .describe('Dynamic client registrations allowed per client IP per minute.'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe(
      'Trust X-Forwarded-For from the reverse proxy (set true behind Caddy/ingress) for per-IP rate limits.',
    ),
});
export type OAuthConfig = z.infer<typeof oauthConfigSchema>;
