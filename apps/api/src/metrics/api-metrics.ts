import { Counter, type Registry } from '@bmm/http';

export interface ApiMetrics {
  /** A sign-in answered, by HTTP status. */
  login(status: number): void;
}

/** success, invalid_credentials (401), rate_limited (429), refused (403: CSRF), invalid_request, error. */
export function loginOutcome(status: number): string {
  if (status < 300) return 'success';
  if (status === 401) return 'invalid_credentials';
  if (status === 429) return 'rate_limited';
  if (status === 403) return 'refused';
  if (status < 500) return 'invalid_request';
  return 'error';
}

/** The api's domain metrics (request rates and latency come from the shared HTTP metrics). */
export function createApiMetrics(registry: Registry): ApiMetrics {
  const logins = new Counter({
    name: 'bmm_api_logins_total',
    help: 'Password sign-ins by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['success', 'invalid_credentials', 'rate_limited']) logins.inc({ outcome }, 0);
  return {
    login(status) {
      logins.inc({ outcome: loginOutcome(status) });
    },
  };
}
