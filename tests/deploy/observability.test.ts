import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promqlMetricNames } from '../support/metrics.ts';
import { commandWorks, existsInRepo, parseYamlDocuments, readRepoFile, repoPath, run } from './helpers.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const BACKENDS = ['api', 'oauth-as', 'builder', 'runner'];
const [compose] = parseYamlDocuments(readRepoFile('docker-compose.yml')) as [
  {
    services: Record<
      string,
      { profiles?: string[]; volumes?: string[]; environment?: Record<string, unknown> }
    >;
  },
];
const [prometheus] = parseYamlDocuments(readRepoFile('infra/prometheus/prometheus.yml')) as [any];
const [alerts] = parseYamlDocuments(readRepoFile('infra/prometheus/alerts.yml')) as [
  { groups: { rules: Rule[] }[] },
];
const rules = alerts.groups.flatMap((g) => g.rules);
const dashboard = JSON.parse(readRepoFile('infra/grafana/dashboards/bmm.json'));
const panels = (dashboard.panels as any[]).filter((p) => p.type !== 'row');

/** Parentheses, brackets and braces close in order (a cheap PromQL syntax check without promtool). */
function balanced(expr: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const ch of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

describe('observability files in infra/', () => {
  it('compose runs Prometheus and Grafana only under the observability profile, with files that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = compose.services[name]!;
      expect(service.profiles, name).toEqual(['observability']);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsInRepo(source.slice(2)), volume).toBe(true);
      }
    }
    for (const name of BACKENDS) expect(compose.services[name]!.environment?.METRICS_PORT, name).toBe(9464);
  });

  it('Prometheus scrapes every backend on its metrics port and loads the rules', () => {
    const [job] = prometheus.scrape_configs;
    expect(job.dns_sd_configs[0].names.sort()).toEqual([...BACKENDS].sort());
    expect(job.dns_sd_configs[0].port).toBe(9464);
    expect(job.relabel_configs).toContainEqual({
      source_labels: ['__meta_dns_name'],
      target_label: 'service',
    });
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(compose.services.prometheus!.volumes).toContain(
      './infra/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
    );
  });

  it('alert rules parse, explain themselves, and cover errors, p99, queue wait and key rotation', () => {
    const names = rules.map((r) => r.alert);
    for (const required of [
      'BmmServiceDown',
      'BmmServiceUnavailable',
      'BmmHighErrorRate',
      'BmmHighLatencyP99',
      'BmmBuildQueueWait',
      'BmmSigningKeyRotationOverdue',
    ])
      expect(names).toContain(required);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(balanced(rule.expr), rule.alert).toBe(true);
      expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it('passes promtool: the rules check, their unit tests fire as documented, both scrape configs load', async (ctx) => {
    if (!(await commandWorks('promtool', ['--version']))) {
      ctx.skip('promtool is not installed on this machine (Debian: the prometheus package ships it)');
      return;
    }
    await run('promtool', ['check', 'rules', repoPath('infra/prometheus/alerts.yml')]);
    // infra/prometheus/alerts.test.yml: which alert fires, when, with which labels and text.
    await run('promtool', ['test', 'rules', repoPath('infra/prometheus/alerts.test.yml')]);
    // The compose config names the rules by their path in the container; point it at the repo's copy.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bmm-promtool-'));
    try {
      const compose = path.join(dir, 'prometheus.yml');
      writeFileSync(
        compose,
        readRepoFile('infra/prometheus/prometheus.yml').replace(
          '/etc/prometheus/alerts.yml',
          repoPath('infra/prometheus/alerts.yml'),
        ),
      );
      await run('promtool', ['check', 'config', compose]);
      const [configMap] = parseYamlDocuments(
        readRepoFile('infra/k8s/observability/prometheus-scrape.yaml'),
      ) as [{ data: Record<string, string> }];
      const k8s = path.join(dir, 'bmm-scrape.yml');
      writeFileSync(k8s, configMap.data['bmm-scrape.yml']!);
      const k8sChecked = await run('promtool', ['check', 'config', k8s]).then(
        () => true,
        (err: { stdout?: string; stderr?: string }) => {
          // Debian's promtool is built without Kubernetes discovery; everything else must still load.
          if (/field kubernetes_sd_configs not found/.test(`${err.stdout}${err.stderr}`)) return false;
          throw err;
        },
      );
      if (!k8sChecked) {
        const [scrape] = parseYamlDocuments(configMap.data['bmm-scrape.yml']!) as [any];
        for (const job of scrape.scrape_configs) {
          delete job.kubernetes_sd_configs;
          job.static_configs = [{ targets: ['10.1.2.3:9464'] }];
        }
        writeFileSync(k8s, JSON.stringify(scrape));
        await run('promtool', ['check', 'config', k8s]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the dashboard uses the provisioned data source, balanced queries, and no overlapping panels', () => {
    const [datasources] = parseYamlDocuments(
      readRepoFile('infra/grafana/provisioning/datasources/prometheus.yml'),
    ) as [{ datasources: { uid: string; url: string }[] }];
    const uid = datasources.datasources[0]!.uid;
    expect(datasources.datasources[0]!.url).toBe('http://prometheus:9090');
    expect(panels.length).toBeGreaterThanOrEqual(15);
    const cells = new Set<string>();
    for (const panel of panels) {
      expect(panel.datasource.uid, panel.title).toBe(uid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets) expect(balanced(t.expr), `${panel.title}: ${t.expr}`).toBe(true);
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${panel.title} overlaps at ${i},${j}`).toBe(false);
          cells.add(`${i},${j}`);
        }
    }
    const [provider] = parseYamlDocuments(readRepoFile('infra/grafana/provisioning/dashboards/bmm.yml')) as [
      any,
    ];
    expect(provider.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
    expect(compose.services.grafana!.volumes).toContain(
      './infra/grafana/dashboards:/var/lib/grafana/dashboards:ro',
    );
    // Every metric the dashboard and the rules read is one the services define (the e2e metrics
    // test checks the same list against a real scrape).
    const defined = new Set(
      BACKENDS.flatMap((app) =>
        readdirSync(repoPath('apps', app, 'src/metrics'))
          .filter((f) => f.endsWith('-metrics.ts'))
          .flatMap((f) =>
            [...readRepoFile('apps', app, 'src/metrics', f).matchAll(/name: '([a-z0-9_]+)'/g)].map(
              (m) => m[1]!,
            ),
          ),
      ),
    );
    for (const m of readRepoFile('packages/http/src/metrics.ts').matchAll(/name: '([a-z0-9_]+)'/g))
      defined.add(m[1]!);
    const used = [
      ...panels.flatMap((p) => p.targets.flatMap((t: { expr: string }) => promqlMetricNames(t.expr))),
      ...rules.flatMap((r) => promqlMetricNames(r.expr)),
    ].filter((n) => n.startsWith('bmm_') || n.startsWith('http_'));
    for (const name of used) expect(defined.has(name.replace(/_(bucket|sum|count)$/, '')), name).toBe(true);
  });

  it('the Kubernetes scrape config keeps annotated bmm pods and labels them by service', () => {
    const [configMap] = parseYamlDocuments(
      readRepoFile('infra/k8s/observability/prometheus-scrape.yaml'),
    ) as [{ kind: string; data: Record<string, string> }];
    expect(configMap.kind).toBe('ConfigMap');
    const [scrape] = parseYamlDocuments(configMap.data['bmm-scrape.yml']!) as [any];
    const relabel = scrape.scrape_configs[0].relabel_configs as Record<string, unknown>[];
    expect(relabel).toContainEqual(
      expect.objectContaining({
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
        action: 'keep',
      }),
    );
    expect(relabel).toContainEqual({
      source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component'],
      target_label: 'service',
    });
    // The port relabeling turns a pod address into pod-ip:annotated-port.
    const port = relabel.find((r) => r.target_label === '__address__')!;
    expect(port.replacement).toBe('$1:$2');
    expect('10.1.2.3:4100;9464'.replace(new RegExp(`^${port.regex}$`), '$1:$2')).toBe('10.1.2.3:9464');
  });
});
