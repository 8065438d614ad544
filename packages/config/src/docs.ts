import { describeSchema } from './load.js';
import { serviceSchemas } from './services/index.js';

/** docs/configuration.md, generated from the zod schemas so the table can never drift. */
export function renderConfigurationDoc(): string {
  const byVar = new Map<
    string,
    { services: string[]; required: boolean; defaults: string[]; description: string }
  >();
  for (const [service, schema] of Object.entries(serviceSchemas)) {
    for (const v of describeSchema(schema)) {
      const entry = byVar.get(v.name) ?? {
        services: [],
        required: v.required,
        defaults: [],
        description: v.description,
      };
      entry.services.push(service);
      if (v.default !== undefined) entry.defaults.push(`${service}: \`${v.default}\``);
      byVar.set(v.name, entry);
    }
  }
  const shownDefault = (v: { defaults: string[]; required: boolean }) => {
    if (v.required) return '**required**';
    const values = new Set(v.defaults.map((d) => d.slice(d.indexOf(':') + 2)));
    if (values.size === 0) return '—';
    return values.size === 1 ? [...values][0]! : v.defaults.join('<br>');
  };
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const rows = [...byVar.entries()].map(
    ([name, v]) =>
      `| \`${name}\` | ${v.services.join(', ')} | ${esc(shownDefault(v))} | ${esc(v.description)} |`,
  );
  return [
    '# Configuration',
    '',
    '<!-- Generated from packages/config (zod schemas) by `pnpm docs:config`; a test fails when it drifts. -->',
    '',
    'Every service reads its environment once at start-up and refuses to start with a list of every',
    'problem found. Empty values count as unset. `NODE_ENV` changes no security setting.',
    '`pnpm start` sets `DATABASE_URL` (embedded Postgres) and `BMM_MASTER_KEY` (generated once into',
    '`.data/master.key`, mode 0600) when they are unset.',
    '',
    '| Variable | Services | Default | Meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
