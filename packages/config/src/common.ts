import { z } from 'zod';

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

export const masterKey = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(v), {
    message: 'must be 32 random bytes, base64-encoded (generate one: openssl rand -base64 32)',
  })
  .describe(
    'AES-256-GCM master key for secrets and signing keys at rest: 32 random bytes, base64. Required.',
  );

const oldMasterKeys = z
  .string()
  .regex(/^\d+:[A-Za-z0-9+/]+=*(,\d+:[A-Za-z0-9+/]+=*)*$/, {
    message: 'must be a comma-separated list of version:base64key',
  })
  .optional()
  .describe(
    'Retired master keys still needed to decrypt older data, as `version:base64,…` (during rotation).',
  );

export const database = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .default('postgres://postgres:bmm-local@127.0.0.1:5433/bmm')
    .describe('Postgres connection URL. `pnpm start` sets it to its embedded Postgres when unset.'),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Connections in the pool.'),
};

export const crypto = {
  BMM_MASTER_KEY: masterKey,
  BMM_MASTER_KEY_VERSION: z.coerce
    .number()
    .int()
    .min(1)
    .default(1)
    .describe('Version number of BMM_MASTER_KEY; raise it when you rotate.'),
  BMM_OLD_MASTER_KEYS: oldMasterKeys,
};

export const logging = {
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
};

export const publicUrls = {
  WEB_URL: httpUrl
    .default('http://localhost:3000')
    .describe('Public URL of the web app (consent page, links).'),
  API_URL: httpUrl.default('http://localhost:4000').describe('Public URL of the REST API.'),
  OAUTH_ISSUER: httpUrl
    .default('http://localhost:4001')
    .describe('OAuth issuer identifier; may carry a path (https://example.com/oauth).'),
  BUILDER_URL: httpUrl
    .default('http://localhost:4002')
    .describe('Public URL of the builder (build-log WebSocket).'),
  RUNNER_URL: httpUrl
    .default('http://localhost:4100')
    .describe('Public URL of the runner; a server is served at RUNNER_URL/<slug>/mcp.'),
};

export function listen(defaultPort: number) {
  return {
    HOST: z.string().default('127.0.0.1').describe('Interface to listen on (0.0.0.0 in containers).'),
    PORT: z.coerce.number().int().min(1).max(65535).default(defaultPort).describe('Port to listen on.'),
  };
}

/** Prometheus /metrics: on a private port, or on the service's port behind a token, or not at all. */
export const metrics = {
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe(
      'Serve Prometheus `/metrics` on this separate port (keep it off the public network). Unset with no METRICS_TOKEN: no /metrics.',
    ),
  METRICS_HOST: z.string().optional().describe('Interface of the METRICS_PORT listener; defaults to HOST.'),
  METRICS_TOKEN: z
    .string()
    .min(24, { message: 'must be at least 24 characters (generate one: openssl rand -hex 24)' })
    .optional()
    .describe(
      'Serve `/metrics` on the service port too, only to `Authorization: Bearer <METRICS_TOKEN>` (for scrapers that cannot reach a private port).',
    ),
};

export const allowPrivateNetwork = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true')
  .describe(
    'Let tools (builder, runner), upstream sign-in (token exchange, refresh, revocation; plain http too) and the api’s connectors and auth doctor reach private, loopback and link-local addresses (only for trusted, local upstreams; the api always reaches RUNNER_URL).',
  );

export { httpUrl };
