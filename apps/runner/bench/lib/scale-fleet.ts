/**
 * The scale benchmark's fleet: realistic hosted servers built from the planner's offline templates
 * (one QuickJS code template, one or two HTTP templates) plus one code tool of the server's own, so
 * some schemas repeat across servers (servers made from the same template) and some are unique.
 */
import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { specFromTemplates, TEMPLATES, type Template } from '@bmm/planner';
import type { ServerSpec } from '@bmm/spec';
import { seedServer } from '../../src/testing/fixtures.js';

const byId = (id: string): Template => {
  const template = TEMPLATES.find((t) => t.id === id);
  if (!template) throw new Error(`no planner template ${id}`);
  return template;
};

/** Code templates whose tool runs without the network, and the call that warms it. */
const CODE = [
  { template: byId('calculator'), tool: 'calculate', args: { expression: '2 * (3 + 4) ^ 2' }, expect: '98' },
  { template: byId('time-zones'), tool: 'current_time', args: { timezone: 'Asia/Tokyo' }, expect: '+09:00' },
];
/**
 * HTTP templates. GitHub signs in to an upstream: its servers are served by the SDK (the fast path
 * leaves upstream sign-in to it), as a share of real servers would be.
 */
const HTTP = [
  'weather',
  'github-issues',
  'hacker-news',
  'currency-rates',
  'wikipedia',
  'public-holidays',
].map(byId);

export interface FleetServer {
  slug: string;
  serverId: string;
  /** The code tool to call and its arguments; `expect` is a substring of a good result. */
  call: { tool: string; args: Record<string, unknown>; expect: string };
  tools: number;
}

/** The i-th server's spec: a code template, one or two HTTP templates and a code tool of its own. */
export function fleetSpec(i: number): { spec: ServerSpec; call: FleetServer['call'] } {
  const code = CODE[i % CODE.length]!;
  const http = HTTP;
  const templates = [code.template, http[i % http.length]!];
  if (i % 3 === 0) templates.push(http[(i + 2) % http.length]!);
  const slug = `scale-${String(i).padStart(5, '0')}`;
  const spec = specFromTemplates(templates, `Scale ${i}`, slug);
  const field = `field_${i}`;
  spec.tools.push({
    name: 'lookup',
    title: `Lookup ${i}`,
    description: `Looks up a record of server ${i} by its ${field}.`,
    inputSchema: {
      type: 'object',
      properties: {
        [field]: { type: 'string', minLength: 1, maxLength: 200, description: `The ${field} to look up.` },
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      },
      required: [field],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: { server: { type: 'integer' }, found: { type: 'boolean' }, key: { type: 'string' } },
      required: ['server', 'found'],
    },
    impl: {
      kind: 'code',
      source: `export default async (input) => ({ server: ${i}, found: input["${field}"].length > 3, key: input["${field}"] })`,
    },
  });
  return { spec, call: { tool: code.tool, args: code.args, expect: code.expect } };
}

/** Seeds `count` deployed servers over `count / 10` orgs on the self-hosted plan, secrets encrypted. */
export async function seedFleet(db: Db, keyring: Keyring, count: number): Promise<FleetServer[]> {
  const orgs: string[] = [];
  for (let o = 0; o < Math.max(1, Math.ceil(count / 10)); o++) {
    const row = await db
      .insertInto('orgs')
      .values({ name: `Scale org ${o}`, plan: 'self_hosted' })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgs.push(row.id);
  }
  const fleet: FleetServer[] = [];
  for (let i = 0; i < count; i++) {
    const { spec, call } = fleetSpec(i);
    const secrets = Object.fromEntries(spec.secrets.map((s) => [s.name, `secret-${s.name}-${i}`]));
    const seeded = await seedServer(db, keyring, spec, {
      orgId: orgs[i % orgs.length]!,
      secrets,
      visibility: 'org',
    });
    fleet.push({ slug: spec.slug, serverId: seeded.serverId, call, tools: spec.tools.length });
  }
  return fleet;
}
