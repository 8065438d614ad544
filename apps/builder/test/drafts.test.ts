import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createOfflinePlanner, specFromTemplates, TEMPLATES } from '@bmm/planner';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { builderParts } from '../src/app.js';
import { enqueueBuild, logsOf, seedServer, setSecret, testKeyring, waitForBuild } from './fixtures.js';
import { type BuilderHarness, startBuilder } from './harness.js';

let t: TestDatabase;
let h: BuilderHarness;
const keyring = testKeyring();

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBuilder(t, keyring, { concurrency: 2 });
});
afterAll(async () => {
  await h?.close();
  await t.destroy();
});

// Every template the offline planner offers builds: schemas compile, code tools load in QuickJS
// and every example passes in the sandbox (upstreams answered from mockResponse).
it.each(TEMPLATES.map((tpl) => [tpl.id, tpl] as const))(
  'template %s builds and deploys',
  async (_id, tpl) => {
    const s = await seedServer(t.db);
    const spec = specFromTemplates([tpl], tpl.name, s.slug);
    for (const secret of spec.secrets)
      await setSecret(t.db, keyring, s.serverId, secret.name, `value-of-${secret.name}`);
    const { buildId } = await enqueueBuild(t.db, s, spec);
    const build = await waitForBuild(t.db, buildId, 30_000);
    const messages = (await logsOf(t.db, buildId)).map((l) => l.message);
    expect(build.error, messages.join('\n')).toBeNull();
    expect(build.status).toBe('succeeded');
    const examples = spec.tools.reduce((n, tool) => n + (tool.examples?.length ?? 0), 0);
    expect(messages.filter((m) => m.startsWith('✓ ')).length).toBe(examples);
  },
);

it('an imported OpenAPI document (Petstore 3.0) builds and deploys', async () => {
  const s = await seedServer(t.db);
  const openapi = readFileSync(
    new URL('../../../packages/planner/test/fixtures/petstore-3.0.yaml', import.meta.url),
    'utf8',
  );
  const draft = await createOfflinePlanner().draft({ prompt: '', name: 'Petstore', slug: s.slug, openapi });
  for (const secret of draft.spec!.secrets)
    await setSecret(t.db, keyring, s.serverId, secret.name, `value-of-${secret.name}`);
  const { buildId } = await enqueueBuild(t.db, s, draft.spec!);
  const build = await waitForBuild(t.db, buildId, 30_000);
  expect(build.error, (await logsOf(t.db, buildId)).map((l) => l.message).join('\n')).toBeNull();
  expect((await logsOf(t.db, buildId)).map((l) => l.message)).toContain(
    `runner serves 18 tool(s): ${draft
      .spec!.tools.map((x) => x.name)
      .sort()
      .join(', ')}`,
  );
});

it('two builders share one queue: every build runs once and deploys once', async () => {
  const second = await startBuilder(t, keyring, { concurrency: 2 });
  try {
    const builds = [];
    for (let i = 0; i < 6; i++) {
      const s = await seedServer(t.db);
      builds.push({
        s,
        ...(await enqueueBuild(
          t.db,
          s,
          specFromTemplates([TEMPLATES.find((x) => x.id === 'calculator')!], 'Calc', s.slug),
        )),
      });
    }
    builderParts(h.builder).worker!.wake();
    const done = await Promise.all(builds.map((b) => waitForBuild(t.db, b.buildId, 30_000)));
    expect(done.map((b) => [b.status, b.attempts])).toEqual(builds.map(() => ['succeeded', 1]));
    const deploys = await t.db
      .selectFrom('audit_events')
      .select(['resource_id'])
      .where('action', '=', 'server.deploy')
      .where(
        'resource_id',
        'in',
        builds.map((b) => b.s.serverId),
      )
      .execute();
    expect(deploys.map((d) => d.resource_id).sort()).toEqual(builds.map((b) => b.s.serverId).sort());
  } finally {
    await second.close();
  }
});
