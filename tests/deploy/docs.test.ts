import { describe, expect, it } from 'vitest';
import { existsInRepo, readRepoFile } from './helpers.js';

const guide = readRepoFile('docs/self-hosting.md');

describe('docs/self-hosting.md', () => {
  it('links only to files that exist', () => {
    const links = [...guide.matchAll(/\]\(([^)#]+\.md)\)/g)].map((m) => m[1]!);
    expect(links).toContain('configuration.md');
    for (const link of links) expect(existsInRepo('docs', link), link).toBe(true);
  });

  it('names only commands the images and packages contain', () => {
    // `node dist/<x>.js` in a service image is compiled from apps/<service>/src/<x>.ts.
    const inImage = [...guide.matchAll(/exec (?:deploy\/bmm-)?([a-z-]+) (?:-- )?node (dist\/[\w/.-]+\.js)/g)];
    expect(inImage.length).toBeGreaterThanOrEqual(2);
    for (const [, service, file] of inImage) {
      const source = `apps/${service}/src/${file!.slice('dist/'.length).replace(/\.js$/, '.ts')}`;
      expect(existsInRepo(source), source).toBe(true);
    }
    const migrate = guide.match(/node (node_modules\/@bmm\/db\/dist\/cli\/migrate\.js)/)?.[1];
    expect(migrate).toBeDefined();
    expect(existsInRepo('packages/db/src/cli/migrate.ts')).toBe(true);
    // pnpm scripts it mentions exist in the named package.
    for (const [, pkg, script] of guide.matchAll(/pnpm --filter @bmm\/([a-z-]+) ([a-z:]+)/g)) {
      const scripts = JSON.parse(readRepoFile(`apps/${pkg}/package.json`)).scripts as Record<string, string>;
      expect(scripts[script!], `${pkg} ${script}`).toBeDefined();
    }
  });

  it('uses the compose service names and files that exist', () => {
    for (const file of [
      'docker-compose.yml',
      '.env.example',
      'infra/Caddyfile',
      'infra/k8s/base',
      'infra/k8s/overlays/example',
    ])
      expect(guide).toContain(file);
    for (const file of [
      'infra/k8s/overlays/example/secrets.env.example',
      'Dockerfile',
      'apps/web/Dockerfile',
    ])
      expect(existsInRepo(file), file).toBe(true);
    const compose = readRepoFile('docker-compose.yml');
    for (const [, services] of guide.matchAll(/docker compose (?:stop|logs(?: -f)?) ([a-z -]+)/g))
      for (const name of services!.trim().split(/\s+/))
        expect(compose, name).toMatch(new RegExp(`^  ${name}:$`, 'm'));
  });
});

describe('docs/operations.md', () => {
  const ops = readRepoFile('docs/operations.md');

  it('links only to docs that exist and names infra files that exist', () => {
    for (const [, link] of ops.matchAll(/\]\(([^)#]+\.md)(?:#[^)]*)?\)/g))
      expect(existsInRepo('docs', link!), link).toBe(true);
    const files = [...ops.matchAll(/`(infra\/[\w./-]+|tests\/[\w./-]+\.ts)`/g)].map((m) => m[1]!);
    expect(files).toEqual(
      expect.arrayContaining(['infra/prometheus/alerts.yml', 'infra/grafana/dashboards/bmm.json']),
    );
    for (const file of files) expect(existsInRepo(file), file).toBe(true);
  });

  it('documents every alert rule and every domain metric the services define', () => {
    for (const [, alert] of readRepoFile('infra/prometheus/alerts.yml').matchAll(/alert: (\w+)/g))
      expect(ops, alert).toContain(`\`${alert}\``);
    for (const app of ['api', 'oauth-as', 'builder', 'runner']) {
      const dir = `apps/${app}/src/metrics`;
      const source = readRepoFile(dir, `${app === 'oauth-as' ? 'as' : app}-metrics.ts`);
      for (const [, name] of source.matchAll(/name: '([a-z0-9_]+)'/g))
        expect(ops, name).toContain(`\`${name}\``);
    }
  });

  it('names only commands the images contain', () => {
    for (const [, service, file] of ops.matchAll(
      /exec (?:deploy\/bmm-)?([a-z-]+) (?:-- )?node (dist\/[\w/.-]+\.js)/g,
    ))
      expect(existsInRepo(`apps/${service}/src/${file!.slice(5).replace(/\.js$/, '.ts')}`), file).toBe(true);
  });
});
