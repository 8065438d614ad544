import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apiConfigSchema,
  ConfigError,
  loadConfig,
  renderConfigurationDoc,
  runnerConfigSchema,
} from './index.js';

const key = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies local defaults', () => {
    const c = loadConfig(apiConfigSchema, 'api', { BMM_MASTER_KEY: key });
    expect(c).toMatchObject({
      PORT: 4000,
      HOST: '127.0.0.1',
      WEB_URL: 'http://localhost:3000',
      BMM_MASTER_KEY_VERSION: 1,
    });
  });

  it('reports every problem at once, without echoing values', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(runnerConfigSchema, 'runner', {
        PORT: 'abc',
        RUNNER_URL: 'ftp://x',
        DATABASE_URL: 'mysql://secret-password@h/db',
        ALLOW_PRIVATE_NETWORK: 'yes',
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining([
        'PORT',
        'RUNNER_URL',
        'DATABASE_URL',
        'ALLOW_PRIVATE_NETWORK',
        'BMM_MASTER_KEY',
      ]),
    );
    expect(error!.message).toContain('BMM_MASTER_KEY: is required');
    expect(error!.message).not.toContain('secret-password');
  });

  it('starts new orgs on self_hosted unless the operator picks a plan, and reads admin emails', () => {
    const local = loadConfig(apiConfigSchema, 'api', { BMM_MASTER_KEY: key });
    expect([local.BMM_DEFAULT_PLAN, local.BMM_ADMIN_EMAILS]).toEqual(['self_hosted', []]);
    const billed = loadConfig(apiConfigSchema, 'api', {
      BMM_MASTER_KEY: key,
      BMM_DEFAULT_PLAN: 'free',
      BMM_ADMIN_EMAILS: ' Ops@Example.com, root@example.org ,',
    });
    expect([billed.BMM_DEFAULT_PLAN, billed.BMM_ADMIN_EMAILS]).toEqual([
      'free',
      ['ops@example.com', 'root@example.org'],
    ]);
    expect(() =>
      loadConfig(apiConfigSchema, 'api', { BMM_MASTER_KEY: key, BMM_DEFAULT_PLAN: 'gold' }),
    ).toThrow(/BMM_DEFAULT_PLAN/);
    expect(() =>
      loadConfig(apiConfigSchema, 'api', { BMM_MASTER_KEY: key, BMM_ADMIN_EMAILS: 'ops@example.com,nobody' }),
    ).toThrow(/BMM_ADMIN_EMAILS: must be a comma-separated list of email addresses/);
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() =>
      loadConfig(apiConfigSchema, 'api', { BMM_MASTER_KEY: Buffer.alloc(16).toString('base64') }),
    ).toThrow(/BMM_MASTER_KEY: must be 32 random bytes/);
  });

  it('treats empty values as unset and strips trailing slashes from URLs', () => {
    const c = loadConfig(apiConfigSchema, 'api', {
      BMM_MASTER_KEY: key,
      PORT: '',
      API_URL: 'https://api.example.com/',
    });
    expect(c.PORT).toBe(4000);
    expect(c.API_URL).toBe('https://api.example.com');
  });
});

it('docs/configuration.md is current (run `pnpm docs:config`)', () => {
  const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  expect(doc).toBe(renderConfigurationDoc());
});
