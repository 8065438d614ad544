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
  OAUTH_ACCESS_TOKEN_ALG: z
    .enum(['ES256', 'RS256'])
    .default('ES256')
    .describe(
      'Signature algorithm of access tokens: ES256 (P-256, about a tenth of the CPU per token) or RS256 (RSA-2048). The JWKS publishes keys of both, so a switch needs no key work.',
    ),
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
