/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): busy time by component (Node's HTTP,
 * Fastify, the MCP SDK, zod, ajv, the sandbox, the runner's own code, GC) and the functions with the
 * most self time. `node --import tsx bench/lib/profile-summary.ts <file.cpuprofile>`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const COMPONENTS: Array<[string, RegExp]> = [
  ['MCP SDK', /@modelcontextprotocol/],
  ['zod', /\/zod\//],
  ['ajv', /\/ajv|re2js/],
  ['Fastify', /fastify|find-my-way|avvio|light-my-request|secure-json-parse|fast-json-stringify|pino/],
  ['jose / token check', /\/jose\/|packages\/oauth/],
  ['sandbox', /packages\/sandbox|quickjs/],
  ['runner', /apps\/runner\/src/],
  ['web Request/Response (undici)', /node:internal\/deps\/undici|undici/],
  [
    'Node HTTP and net',
    /node:_http|node:http|node:net|node:internal\/http|node:internal\/stream_base|node:stream|node:internal\/streams/,
  ],
  ['Node other', /^node:/],
];

function componentOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'program (native, unattributed)';
    return 'native';
  }
  for (const [name, pattern] of COMPONENTS) if (pattern.test(url)) return name;
  return 'other JavaScript';
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const components = new Map<string, number>();
const functions = new Map<string, number>();
let busy = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const component = componentOf(node);
  components.set(component, (components.get(component) ?? 0) + us);
  if (component === 'idle') continue;
  busy += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(apps|packages)\//, '$1/')}:${lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + us);
}
const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
console.log(`busy ${(busy / 1e6).toFixed(2)} s (idle ${((components.get('idle') ?? 0) / 1e6).toFixed(2)} s)`);
for (const [name, us] of [...components].filter(([n]) => n !== 'idle').sort((a, b) => b[1] - a[1]))
  console.log(`  ${pct(us)}  ${name}`);
console.log('top self time:');
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${pct(us)}  ${name}`);
