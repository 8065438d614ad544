import { loadConfig, webConfigSchema } from '@bmm/config';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webEnv } from './env';

/**
 * lib/env.ts cannot import packages/config at run time (Turbopack does not resolve the package's
 * `.js`-suffixed TypeScript imports, and the web build must not depend on a built `dist/`), so these
 * tests hold it to `webConfigSchema`: the same variables, the same defaults, the same clean-up.
 */
const READ_BY_NEXT = ['HOST', 'PORT']; // `next start` reads these itself
const VARIABLES = Object.keys(webConfigSchema.shape).filter((name) => !READ_BY_NEXT.includes(name));

afterEach(() => vi.unstubAllEnvs());

function unsetAll() {
  for (const name of VARIABLES) vi.stubEnv(name, undefined);
}

describe('webEnv follows webConfigSchema', () => {
  it('has the same defaults', () => {
    unsetAll();
    const config = loadConfig(webConfigSchema, 'web', {});
    expect(webEnv()).toMatchObject({
      webUrl: config.WEB_URL,
      apiUrl: config.API_URL,
      oauthIssuer: config.OAUTH_ISSUER,
      builderUrl: config.BUILDER_URL,
      runnerUrl: config.RUNNER_URL,
      apiInternal: config.API_URL,
    });
  });

  it('reads every variable of the schema, trailing slashes dropped and empty values unset', () => {
    unsetAll();
    const values = Object.fromEntries(
      VARIABLES.map((name, i) => [name, `http://${name.toLowerCase().replace(/_/g, '-')}.test:${4000 + i}/`]),
    );
    for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
    const config = loadConfig(webConfigSchema, 'web', values);
    const env = webEnv();
    const read = Object.values(env);
    for (const name of VARIABLES) {
      const parsed = String(config[name as keyof typeof config]);
      expect(parsed.endsWith('/'), name).toBe(false);
      expect(
        read.some((v) => v.startsWith(new URL(parsed).origin)),
        `${name} of webConfigSchema is not read by lib/env.ts`,
      ).toBe(true);
    }
    expect(env.apiInternal).toBe(config.API_INTERNAL_URL);

    vi.stubEnv('API_INTERNAL_URL', '');
    expect(webEnv().apiInternal).toBe(
      loadConfig(webConfigSchema, 'web', { API_URL: values.API_URL }).API_URL,
    );
  });
});
