import { specHash, validateSpec } from '@bmm/spec';
import { afterAll, expect, it } from 'vitest';
import { calculatorSpec, wideTools } from '../../test/fixtures.js';
import { SpecWorker } from './index.js';
import { packageSpec } from './package-spec.js';

const specs = new SpecWorker();
afterAll(() => specs.close());

const wide = {
  ...calculatorSpec(),
  slug: 'wide',
  secrets: [{ name: 'API_TOKEN', description: 'token', required: true }],
  tools: wideTools(40),
};

it('answers what validateSpec and packaging answer on the main thread', async () => {
  for (const input of [wide, { ...wide, tools: [...wide.tools, wide.tools[0]!] }, { name: 'x' }]) {
    expect(await specs.validate(input)).toEqual(validateSpec(input));
  }
  const packaged = await specs.package(wide, 'served-slug');
  expect(packaged).toEqual(packageSpec(wide, 'served-slug'));
  expect(packaged.artifact.slug).toBe('served-slug');
  expect(packaged.hash).toBe(specHash(packaged.artifact));
  expect(JSON.parse(packaged.json)).toEqual(packaged.artifact);
});

it('refuses work once closed', async () => {
  const closed = new SpecWorker();
  await closed.validate(wide);
  await closed.close();
  await expect(closed.validate(wide)).rejects.toThrow('the spec worker stopped');
});
