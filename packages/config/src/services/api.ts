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
import { PLAN_IDS } from '../plans.js';
import { upstreamApps } from '../upstream.js';

export const apiConfigSchema = z.object({
  ...listen(4000),
  ...database,
  ...crypto,
  ...logging,
  ...publicUrls,
  ...metrics,
  BUILDER_INTERNAL_URL: httpUrl
    .optional()
    .describe(
      'Where the api checks that a builder is up (its /readyz, and the status history); defaults to BUILDER_URL.',
    ),
  OAUTH_INTERNAL_URL: httpUrl
    .optional()
    .describe(
      "Where oauth-as is reached inside the network (origin only): the web's proxy, the api's status history; defaults to the origin of OAUTH_ISSUER.",
    ),
  RUNNER_INTERNAL_URL: httpUrl
    .optional()
    .describe(
      "Where the runner is reached inside the network: the builder's verification, the api's status history; defaults to RUNNER_URL.",
    ),
  ...upstreamApps,
  ALLOW_PRIVATE_NETWORK: allowPrivateNetwork,
  CORS_ORIGINS: z
    .string()
    .optional()
    .describe(
      'Extra origins (comma-separated) allowed to call the API with cookies, besides WEB_URL and API_URL.',
    ),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Trust X-Forwarded-* from a reverse proxy (Caddy, an ingress) for client IPs and rate limits.'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
    .optional()
    .describe(
      'Where to send email (verification links, notices): `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. Without it, the links are written to the api log (and `pnpm start` prints them).',
    ),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('BuildMyMCPServer <no-reply@localhost>')
    .describe('The From address of the email the platform sends.'),
  BMM_DEFAULT_PLAN: z
    .enum(PLAN_IDS)
    .default('self_hosted')
    .describe(
      'The plan a new organization starts on: `self_hosted` (no practical limits; what `pnpm start` and Compose run), `free` or `team` (only where billing is meant). Instance admins move an organization to another plan on the Admin page.',
    ),
  BMM_ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((list) => list.every((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)), {
      message: 'must be a comma-separated list of email addresses',
    })
    .describe(
      'Instance admins (comma-separated emails): they see every organization with its usage and set plans on the Admin page, once their address is verified. The first account of a fresh install is an instance admin too.',
    ),
  ANTHROPIC_API_KEY: z
    .string()
    .optional()
    .describe(
      'Enables the Claude planner and the playground chat; without it the offline planner drafts and chat is off.',
    ),
  ANTHROPIC_MODEL: z
    .string()
    .default('claude-sonnet-5-5')
    .describe('Claude model id used by the planner and the playground chat.'),
  ANTHROPIC_BASE_URL: httpUrl.optional().describe('Messages API base URL (tests point it at a local fake).'),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
