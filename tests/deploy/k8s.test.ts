import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@bmm/config';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APPS,
  type App,
  appSchema,
  commandWorks,
  defaultPort,
  existsInRepo,
  imageRecipe,
  migrateConfigSchema,
  parseEnvFile,
  parseYamlDocuments,
  readRepoFile,
  repoPath,
  run,
  schemaVariables,
  TEST_MASTER_KEY,
} from './helpers.js';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: { cpu?: string; memory?: string } };
  securityContext?: { allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
}

const k8sDir = repoPath('infra/k8s');
const yamlFiles = readdirSync(k8sDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
  /\.ya?ml$/.test(f),
);
const secretKeys = Object.keys(parseEnvFile(readRepoFile('infra/k8s/overlays/example/secrets.env.example')));

let rendered: K8sObject[];
let renderedBy: string;

/** The overlay as kubectl would apply it; without kubectl, the base documents as written. */
beforeAll(async () => {
  if (await commandWorks('kubectl', ['version', '--client'])) {
    const { stdout } = await run('kubectl', ['kustomize', repoPath('infra/k8s/overlays/example')]);
    rendered = parseYamlDocuments(stdout) as K8sObject[];
    renderedBy = 'kubectl kustomize';
  } else {
    const base = readRepoFile('infra/k8s/base/kustomization.yaml');
    const files = (parseYamlDocuments(base)[0] as { resources: string[] }).resources;
    rendered = files.flatMap((f) => parseYamlDocuments(readRepoFile('infra/k8s/base', f))) as K8sObject[];
    renderedBy = 'the base files';
  }
});

const byKind = (kind: string) => rendered.filter((o) => o.kind === kind);
const named = (kind: string, name: string) => {
  const found = rendered.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${renderedBy}`);
  return found;
};
const configMapData = (name: string) => named('ConfigMap', name).data ?? {};

/** Every variable a container gets: explicit env plus the keys of ConfigMaps it loads whole. */
function containerEnv(container: Container): Map<string, EnvVar> {
  const env = new Map<string, EnvVar>();
  for (const source of container.envFrom ?? []) {
    expect(source.secretRef, 'secrets are referenced key by key').toBeUndefined();
    for (const [name, value] of Object.entries(configMapData(source.configMapRef!.name)))
      env.set(name, { name, value });
  }
  for (const e of container.env ?? []) env.set(e.name, e);
  return env;
}

/** Values as the process would see them (secrets filled with test values). */
function resolvedEnv(env: Map<string, EnvVar>): Record<string, string> {
  const testSecrets: Record<string, string> = {
    DATABASE_URL: 'postgres://bmm:pw@db.example:5432/bmm',
    BMM_MASTER_KEY: TEST_MASTER_KEY,
  };
  const out: Record<string, string> = {};
  for (const [name, e] of env) {
    if (e.value !== undefined) out[name] = e.value;
    else if (e.valueFrom?.configMapKeyRef)
      out[name] = configMapData(e.valueFrom.configMapKeyRef.name)[e.valueFrom.configMapKeyRef.key]!;
    else if (e.valueFrom?.secretKeyRef && testSecrets[name]) out[name] = testSecrets[name]!;
  }
  return out;
}

const deployment = (app: App) => named('Deployment', `bmm-${app}`);
const mainContainer = (app: App) => deployment(app).spec.template.spec.containers[0] as Container;

describe('Kubernetes manifests', () => {
  it('parse, and every kustomization names files that exist', () => {
    expect(yamlFiles.length).toBeGreaterThan(5);
    for (const file of yamlFiles) {
      const docs = parseYamlDocuments(readRepoFile('infra/k8s', file));
      expect(docs.length, file).toBeGreaterThan(0);
      for (const doc of docs) {
        if (!file.endsWith('kustomization.yaml')) expect(doc.kind, file).toBeTypeOf('string');
        const k = doc as { resources?: string[]; patches?: { path?: string }[] };
        const dir = join('infra/k8s', file, '..');
        for (const r of k.resources ?? []) expect(existsInRepo(dir, r), `${file}: ${r}`).toBe(true);
        for (const p of k.patches ?? [])
          if (p.path) expect(existsInRepo(dir, p.path), `${file}: ${p.path}`).toBe(true);
      }
    }
  });

  it('render with kubectl kustomize where kubectl is installed', async (ctx) => {
    if (renderedBy !== 'kubectl kustomize') {
      ctx.skip('kubectl is not installed on this machine; the base files were checked as written');
      return;
    }
    const apps = APPS.map((a) => `bmm-${a}`);
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'Namespace/bmm',
        'ConfigMap/bmm-backend',
        'ConfigMap/bmm-public-urls',
        'Ingress/bmm',
        'HorizontalPodAutoscaler/bmm-builder',
        'HorizontalPodAutoscaler/bmm-runner',
        ...apps.flatMap((n) => [`Deployment/${n}`, `Service/${n}`, `PodDisruptionBudget/${n}`]),
      ].sort(),
    );
    expect(rendered.find((o) => o.kind === 'Namespace')?.metadata.name).toBe('bmm');
  });

  it('never inline a Secret; they reference bmm-secrets by keys the example documents', () => {
    expect(byKind('Secret')).toEqual([]);
    const refs = rendered
      .filter((o) => o.kind === 'Deployment')
      .flatMap((d) => [...(d.spec.template.spec.initContainers ?? []), ...d.spec.template.spec.containers])
      .flatMap((c: Container) => c.env ?? [])
      .map((e) => e.valueFrom?.secretKeyRef)
      .filter((r) => r !== undefined);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.name).toBe('bmm-secrets');
      expect(secretKeys, ref.key).toContain(ref.key);
    }
  });

  it('give every service exactly variables its config schema knows, and every required one', () => {
    for (const app of APPS) {
      const env = containerEnv(mainContainer(app));
      const { known, required } = schemaVariables(appSchema(app));
      for (const name of env.keys()) expect(known.has(name), `${app} does not know ${name}`).toBe(true);
      for (const name of required) expect(env.has(name), `${app} needs ${name}`).toBe(true);
      const values = resolvedEnv(env);
      expect(values.HOST, app).toBe('0.0.0.0');
      expect(Number(values.PORT), app).toBe(defaultPort(app));
      expect(() => loadConfig(appSchema(app), app, values)).not.toThrow();
    }
  });

  it('run migrations before the api starts, with the same CLI as compose', () => {
    const [migrate] = deployment('api').spec.template.spec.initContainers as Container[];
    expect(migrate!.command).toEqual(['node', 'node_modules/@bmm/db/dist/cli/migrate.js']);
    expect(migrate!.image).toBe(mainContainer('api').image);
    const env = containerEnv(migrate!);
    const { known } = schemaVariables(migrateConfigSchema);
    for (const name of env.keys()) expect(known.has(name), `migrate does not know ${name}`).toBe(true);
    expect(() => loadConfig(migrateConfigSchema, 'migrate', resolvedEnv(env))).not.toThrow();
  });

  it('probe, size and lock down every Deployment, with a Service and a PDB for each', () => {
    for (const app of APPS) {
      const d = deployment(app);
      const c = mainContainer(app);
      expect(c.image, app).toMatch(new RegExp(`bmm-?/?${app}(:|$)`));
      expect(existsInRepo(imageRecipe(app).dockerfile)).toBe(true);
      if (app === 'web') expect(c.ports).toEqual([{ name: 'http', containerPort: defaultPort(app) }]);
      else {
        // Metrics on a port of their own, announced to an annotation-based scrape config.
        expect(c.ports).toEqual([
          { name: 'http', containerPort: defaultPort(app) },
          { name: 'metrics', containerPort: 9464 },
        ]);
        expect(resolvedEnv(containerEnv(c)).METRICS_PORT, app).toBe('9464');
        expect(d.spec.template.metadata.annotations, app).toEqual({
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '9464',
          'prometheus.io/path': '/metrics',
        });
      }
      // The web app has nothing to wait for before serving, so it is ready as soon as it is live.
      const [live, ready] = app === 'web' ? ['/healthz', '/healthz'] : ['/healthz', '/readyz'];
      expect(c.startupProbe?.httpGet.path, app).toBe(live);
      expect(c.livenessProbe?.httpGet.path, app).toBe(live);
      expect(c.readinessProbe?.httpGet.path, app).toBe(ready);
      expect(c.resources?.requests?.cpu, app).toBeTruthy();
      expect(c.resources?.requests?.memory, app).toBeTruthy();
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(d.spec.template.spec.securityContext.runAsNonRoot, app).toBe(true);

      const labels = d.spec.template.metadata.labels;
      const service = named('Service', `bmm-${app}`);
      for (const [k, v] of Object.entries(service.spec.selector)) expect(labels[k], app).toBe(v);
      expect(service.spec.ports[0]).toMatchObject({ port: defaultPort(app), targetPort: 'http' });
      const pdb = named('PodDisruptionBudget', `bmm-${app}`);
      for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(labels[k], app).toBe(v);
    }
  });

  it('restart crashed and hung containers, as pnpm start restarts its services', () => {
    for (const app of APPS) {
      const pod = deployment(app).spec.template.spec;
      // Deployments only allow Always: the kubelet restarts a crashed container with backoff
      // (10 s doubling to 5 min), and the liveness probe restarts one that hangs.
      expect(pod.restartPolicy ?? 'Always', app).toBe('Always');
      const live = mainContainer(app).livenessProbe as { failureThreshold?: number } | undefined;
      expect(live?.failureThreshold, app).toBeGreaterThanOrEqual(1);
    }
  });

  it('autoscale the stateless runner and builder', () => {
    for (const app of ['runner', 'builder'] as const) {
      const hpa = named('HorizontalPodAutoscaler', `bmm-${app}`);
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: `bmm-${app}`,
      });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    }
    expect(
      byKind('HorizontalPodAutoscaler')
        .map((h) => h.metadata.name)
        .sort(),
    ).toEqual(['bmm-builder', 'bmm-runner']);
  });

  it('point internal URLs at Services on the ports they serve', () => {
    const internal: [App, string, App, string][] = [
      ['api', 'BUILDER_INTERNAL_URL', 'builder', ''],
      ['api', 'OAUTH_INTERNAL_URL', 'oauth-as', ''],
      ['api', 'RUNNER_INTERNAL_URL', 'runner', ''],
      ['builder', 'RUNNER_INTERNAL_URL', 'runner', ''],
      ['runner', 'OAUTH_JWKS_URL', 'oauth-as', '/oauth/jwks'],
      ['web', 'API_INTERNAL_URL', 'api', ''],
      ['web', 'OAUTH_INTERNAL_URL', 'oauth-as', ''],
    ];
    for (const [app, key, target, path] of internal) {
      const url = new URL(resolvedEnv(containerEnv(mainContainer(app)))[key]!);
      named('Service', url.hostname);
      expect(`${url.hostname}:${url.port}${url.pathname.replace(/\/$/, '')}`, `${app} ${key}`).toBe(
        `bmm-${target}:${defaultPort(target)}${path}`,
      );
    }
    const urls = configMapData('bmm-public-urls');
    expect(new URL(urls.OAUTH_ISSUER!).pathname).toBe('/oauth');
  });

  it('route the control plane and the runner on separate hosts that match the public URLs', () => {
    const [ingress] = byKind('Ingress');
    const urls = configMapData('bmm-public-urls');
    const control = new URL(urls.WEB_URL!).host;
    const runner = new URL(urls.RUNNER_URL!).host;
    expect(control).not.toBe(runner);
    for (const key of ['API_URL', 'BUILDER_URL', 'OAUTH_ISSUER'])
      expect(new URL(urls[key]!).host).toBe(control);
    const routes = new Map<string, string>();
    for (const rule of ingress!.spec.rules)
      for (const p of rule.http.paths) {
        const service = named('Service', p.backend.service.name);
        expect(service.spec.ports.map((x: { name: string }) => x.name)).toContain(
          p.backend.service.port.name,
        );
        routes.set(`${rule.host}${p.path}`, p.backend.service.name);
      }
    expect(Object.fromEntries(routes)).toEqual({
      [`${control}/v1/builds/[^/]+/stream`]: 'bmm-builder',
      [`${control}/v1`]: 'bmm-api',
      [`${control}/oauth/consent`]: 'bmm-web',
      [`${control}/oauth`]: 'bmm-oauth-as',
      [`${control}/.well-known/oauth-authorization-server`]: 'bmm-oauth-as',
      [`${control}/.well-known/openid-configuration`]: 'bmm-oauth-as',
      [`${control}/`]: 'bmm-web',
      [`${runner}/`]: 'bmm-runner',
    });
    expect(ingress!.spec.tls[0].hosts.sort()).toEqual([control, runner].sort());
  });
});
