import { serverSecretAad } from '@bmm/crypto';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import type { ServerSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedServer, testKeyring } from '../testing/fixtures.js';
import { ServerRegistry } from './registry.js';
import { createToolSchemaValidator, sharedSchemaCount } from './schema-validator.js';

const keyring = testKeyring();
let t: TestDatabase;

function spec(slug: string, inputSchema: Record<string, unknown>): ServerSpec {
  return {
    name: slug,
    slug,
    description: 'registry test',
    secrets: [{ name: 'API_KEY', description: 'a key', required: true }],
    tools: [
      {
        name: 'echo',
        description: 'echo',
        inputSchema,
        impl: { kind: 'code', source: 'export default async (input) => input' },
      },
    ],
  };
}

const schema = () => ({
  type: 'object',
  properties: { q: { type: 'string', minLength: 2 } },
  required: ['q'],
});

function registry(maxEntries?: number): ServerRegistry {
  return new ServerRegistry({
    db: t.db,
    keyring,
    logger: createLogger({ name: 'registry-test', level: 'silent' }),
    runnerUrl: 'http://127.0.0.1:1',
    factory: { allowPrivateNetwork: false, toolIsolation: 'thread', usage: { record() {} } as never },
    ...(maxEntries !== undefined && { maxEntries }),
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (const slug of ['alpha', 'beta', 'gamma'])
    await seedServer(t.db, keyring, spec(slug, schema()), { secrets: { API_KEY: `key-${slug}` } });
});
afterAll(async () => {
  await t?.destroy();
});

describe('ServerRegistry', () => {
  it('loads a version with its decrypted secrets in one read and times the load', async () => {
    const reg = registry();
    const loads: number[] = [];
    reg.onLoad((seconds) => loads.push(seconds));
    const entry = await reg.get('alpha');
    expect(entry?.version.secrets).toEqual({ API_KEY: 'key-alpha' });
    expect(entry?.version.tools.get('echo')?.checkInput({ q: 'ok' })).toBe(true);
    expect(loads).toHaveLength(1);
    expect(await reg.get('alpha')).toBe(entry);
    expect(loads).toHaveLength(1);
  });

  it('keeps at most maxEntries versions, dropping the least recently used', async () => {
    const reg = registry(2);
    const alpha = await reg.get('alpha');
    await reg.get('beta');
    expect(await reg.get('alpha')).toBe(alpha); // alpha is now the most recently used
    await reg.get('gamma'); // evicts beta, not alpha
    expect(reg.loaded).toBe(2);
    expect(reg.evictions).toBe(1);
    expect(await reg.get('alpha')).toBe(alpha);
    const loads: number[] = [];
    reg.onLoad((s) => loads.push(s));
    expect((await reg.get('beta'))?.version.slug).toBe('beta');
    expect(loads).toHaveLength(1); // beta was loaded again
    expect(reg.evictions).toBe(2);
  });

  it('remembers unknown slugs apart: probing them evicts no served version', async () => {
    const reg = registry(2);
    const alpha = await reg.get('alpha');
    const beta = await reg.get('beta');
    for (let i = 0; i < 20; i++) expect(await reg.get(`nope-${i}`)).toBeNull();
    expect(reg.evictions).toBe(0);
    expect(await reg.get('alpha')).toBe(alpha);
    expect(await reg.get('beta')).toBe(beta);
  });

  it('keeps serving a version past its age while it is re-read, then serves the new state', async () => {
    const reg = registry();
    const old = await reg.get('gamma');
    expect(old?.version.secrets).toEqual({ API_KEY: 'key-gamma' });
    // A change whose NOTIFY was missed: only the age-based re-read can notice it.
    await t.db
      .updateTable('server_secrets')
      .set({ ciphertext: keyring.encrypt('key-gamma-2', serverSecretAad(old!.version.serverId, 'API_KEY')) })
      .where('server_id', '=', old!.version.serverId)
      .execute();
    const loads: number[] = [];
    reg.onLoad((s) => loads.push(s));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 5 * 60_000 + 1000);
      expect(await reg.get('gamma')).toBe(old); // no request waits for the re-read
      expect(await reg.get('gamma')).toBe(old); // one re-read at a time
      await vi.waitFor(async () =>
        expect((await reg.get('gamma'))?.version.secrets.API_KEY).toBe('key-gamma-2'),
      );
      expect(loads).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets an unknown slug when a server of that slug appears', async () => {
    const reg = registry();
    expect(await reg.get('delta')).toBeNull();
    await seedServer(t.db, keyring, spec('delta', schema()), { secrets: { API_KEY: 'key-delta' } });
    expect(await reg.get('delta')).toBeNull(); // remembered as missing
    reg.invalidate({ slug: 'delta' });
    expect((await reg.get('delta'))?.version.slug).toBe('delta');
  });
});

describe('schema validators', () => {
  it("are compiled on a tool's first call, not when its version loads", async () => {
    await seedServer(
      t.db,
      keyring,
      spec('lazy', {
        type: 'object',
        properties: { only_here: { type: 'integer' } },
        required: ['only_here'],
      }),
      { secrets: { API_KEY: 'key-lazy' } },
    );
    const reg = registry();
    const before = sharedSchemaCount();
    const tool = (await reg.get('lazy'))!.version.tools.get('echo')!;
    expect(sharedSchemaCount()).toBe(before);
    expect(tool.checkInput({ only_here: 1 })).toBe(true);
    expect(sharedSchemaCount()).toBe(before + 1);
    expect(tool.checkInput({ only_here: 'x' })).toBe(false);
  });

  it('share one compiled validator between versions declaring the same schema', async () => {
    const reg = registry();
    const [alpha, beta] = await Promise.all([reg.get('alpha'), reg.get('beta')]);
    const a = alpha!.version.tools.get('echo')!;
    const b = beta!.version.tools.get('echo')!;
    expect(a.checkInput({ q: 'x' })).toBe(false);
    expect(b.checkInput({ q: 'xy' })).toBe(true);
    // The SDK's face of the same validator reports ajv's message.
    const result = await a.inputSchema['~standard'].validate({ q: 1 });
    expect(result).toMatchObject({
      issues: [{ message: expect.stringContaining('arguments/q must be string') }],
    });
  });

  it('compile different schemas with the same $id independently', () => {
    const validator = createToolSchemaValidator();
    const first = validator.check({ $id: 'urn:tool:input', type: 'object', required: ['a'] });
    const second = validator.check({ $id: 'urn:tool:input', type: 'object', required: ['b'] });
    expect(first({ a: 1 })).toBe(true);
    expect(first({ b: 1 })).toBe(false);
    expect(second({ b: 1 })).toBe(true);
    expect(second({ a: 1 })).toBe(false);
    // And the same schema again (another version) still compiles and checks.
    expect(validator.check({ $id: 'urn:tool:input', type: 'object', required: ['a'] })({ a: 1 })).toBe(true);
  });

  it('refuse every value for a schema that cannot be compiled, with the reason', () => {
    const validator = createToolSchemaValidator();
    const bad = { type: 'string', pattern: '(?<=a)b' };
    expect(validator.check(bad)('ab')).toBe(false);
    const check = validator.getValidator(bad);
    expect(check('ab')).toMatchObject({
      valid: false,
      errorMessage: expect.stringContaining('cannot be used'),
    });
  });
});
