/**
 * `BMM_SERVICE_ENV`: variables for one service only, as JSON —
 * `{"builder": {"LOG_LEVEL": "debug"}}`. Operators use it to tune one service; the launcher's
 * tests use it to give one service a configuration it refuses (so it crashes on every start).
 */
export const SERVICE_NAMES = ['api', 'oauth-as', 'builder', 'runner', 'web'] as const;

export function parseServiceEnv(raw: string | undefined): Record<string, Record<string, string>> {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('BMM_SERVICE_ENV must be JSON, e.g. {"builder": {"LOG_LEVEL": "debug"}}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('BMM_SERVICE_ENV must be a JSON object of service names.');
  for (const [service, vars] of Object.entries(parsed)) {
    if (!(SERVICE_NAMES as readonly string[]).includes(service))
      throw new Error(`BMM_SERVICE_ENV names an unknown service "${service}" (${SERVICE_NAMES.join(', ')}).`);
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars))
      throw new Error(`BMM_SERVICE_ENV.${service} must be an object of variables.`);
    for (const [name, value] of Object.entries(vars))
      if (typeof value !== 'string') throw new Error(`BMM_SERVICE_ENV.${service}.${name} must be a string.`);
  }
  return parsed as Record<string, Record<string, string>>;
}
