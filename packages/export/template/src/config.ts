import spec from '../spec.json' with { type: 'json' };

export interface Config {
  host: string;
  port: number;
  /** The canonical URL of this MCP endpoint (RFC 8707 resource identifier). */
  resourceUrl: URL;
  issuer: string;
  /** Where signing keys are fetched; undefined → the jwks_uri of the issuer's metadata. */
  jwksUrl: URL | undefined;
  audience: string;
  requiredScopes: string[];
  /** Require the RFC 9068 `typ: at+jwt` header (turn off for servers that issue plain JWTs). */
  requireAtJwtType: boolean;
  allowPrivateNetwork: boolean;
  toolTimeoutMs: number;
  secrets: Record<string, string>;
}

function url(name: string, value: string, problems: string[]): URL | undefined {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u;
  } catch {}
  problems.push(`${name}: must be an http(s) URL`);
  return undefined;
}

/** Reads the environment once and reports every problem together; values are never echoed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);

  const port = Number(get('PORT') ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('PORT: must be a port number');

  const resourceValue = get('RESOURCE_URL') ?? `http://localhost:${port}/mcp`;
  const resourceUrl = url('RESOURCE_URL', resourceValue, problems);
  const issuerValue = get('OAUTH_ISSUER');
  if (!issuerValue)
    problems.push('OAUTH_ISSUER: is required (the issuer of the access tokens this server accepts)');
  const issuer = issuerValue ? url('OAUTH_ISSUER', issuerValue, problems) : undefined;
  const jwksValue = get('OAUTH_JWKS_URL');
  const jwksUrl = jwksValue ? url('OAUTH_JWKS_URL', jwksValue, problems) : undefined;

  const timeout = Number(get('TOOL_TIMEOUT_MS') ?? 30_000);
  if (!Number.isInteger(timeout) || timeout < 100) problems.push('TOOL_TIMEOUT_MS: must be an integer ≥ 100');

  const secrets: Record<string, string> = {};
  for (const secret of spec.secrets as { name: string; required: boolean }[]) {
    const value = get(secret.name);
    if (value !== undefined) secrets[secret.name] = value;
    else if (secret.required) problems.push(`${secret.name}: is required (a secret the tools use)`);
  }

  if (problems.length > 0 || !resourceUrl || !issuer) {
    throw new Error(
      `cannot start: ${problems.length} configuration problem(s)\n  - ${problems.join('\n  - ')}`,
    );
  }
  return {
    host: get('HOST') ?? '0.0.0.0',
    port,
    resourceUrl,
    // An issuer is compared exactly as the AS writes it, so keep the operator's spelling.
    issuer: issuerValue!,
    jwksUrl,
    audience: get('OAUTH_AUDIENCE') ?? resourceValue,
    requiredScopes: (get('OAUTH_REQUIRED_SCOPES') ?? 'mcp:tools').split(/[\s,]+/).filter(Boolean),
    requireAtJwtType: get('OAUTH_REQUIRE_AT_JWT') !== 'false',
    allowPrivateNetwork: get('ALLOW_PRIVATE_NETWORK') === 'true',
    toolTimeoutMs: timeout,
    secrets,
  };
}
