import type { Db } from '@bmm/db';
import { Counter, Gauge, type Registry } from '@bmm/http';
import { OAuthError } from '@bmm/oauth';
import { activeKeySince } from '../keys/signing-keys.repository.js';

export interface AsMetrics {
  /** A /token request answered: its grant type and `issued` or the OAuth error code. */
  grant(grantType: string | undefined, outcome: string): void;
  /** A rotated refresh token came back: its family was revoked. */
  refreshReuse(): void;
  /** A registration (DCR) refused, by OAuth error code or `rate_limited`. */
  registrationRejected(reason: string): void;
}

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);
/** RFC 6749 §5.2 / RFC 7591 §3.2.2 codes plus ours: anything else is `other` (labels stay bounded). */
const ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'invalid_token',
  'invalid_redirect_uri',
  'invalid_client_metadata',
  'server_error',
  'temporarily_unavailable',
  'rate_limited',
]);

/** The OAuth error code of an error, as a bounded label. */
export function errorLabel(err: unknown): string {
  if (err instanceof OAuthError) return ERROR_CODES.has(err.error) ? err.error : 'other';
  const status = (err as { statusCode?: number })?.statusCode;
  if (status === 429) return 'rate_limited';
  if (status !== undefined && status < 500) return 'invalid_request';
  return 'server_error';
}

/** The AS's domain metrics; the signing-key age is read from the database at scrape time. */
export function createAsMetrics(registry: Registry, db: Db): AsMetrics {
  const registers = [registry];
  const grants = new Counter({
    name: 'bmm_oauth_token_requests_total',
    help: 'Token endpoint requests by grant type and outcome (issued, or the OAuth error code).',
    labelNames: ['grant_type', 'outcome'] as const,
    registers,
  });
  for (const grant_type of GRANT_TYPES) grants.inc({ grant_type, outcome: 'issued' }, 0);
  const reuse = new Counter({
    name: 'bmm_oauth_refresh_token_reuse_total',
    help: 'Rotated refresh tokens presented again (the family is revoked: a leaked token or a buggy client).',
    registers,
  });
  const rejections = new Counter({
    name: 'bmm_oauth_registration_rejections_total',
    help: 'Dynamic client registrations refused, by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  new Gauge({
    name: 'bmm_oauth_signing_key_age_seconds',
    help: 'Age of the active access-token signing key (rotate it: pnpm --filter @bmm/oauth-as keys:rotate).',
    registers,
    async collect() {
      const since = await activeKeySince(db).catch(() => undefined);
      if (!since) return;
      this.set(Math.max(0, (Date.now() - new Date(since).getTime()) / 1000));
    },
  });
  return {
    grant(grantType, outcome) {
      grants.inc({
        grant_type: grantType && GRANT_TYPES.has(grantType) ? grantType : 'other',
        outcome: outcome === 'issued' || ERROR_CODES.has(outcome) ? outcome : 'other',
      });
    },
    refreshReuse() {
      reuse.inc();
    },
    registrationRejected(reason) {
      rejections.inc({ reason: ERROR_CODES.has(reason) ? reason : 'other' });
    },
  };
}
