/**
 * Compares two V8 `.cpuprofile`s of the same target in two variants (e.g. the 2026-07-28 and the
 * 2025-11-25 client): self time per function in µs **per request**, largest differences first.
 * `node --import tsx bench/lib/profile-diff.ts <a.cpuprofile> <requests a> <b.cpuprofile> <requests b>`
 * (the request counts are the "checked" numbers the bench prints for each target).
 */
import { readFileSync } from 'node:fs';

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (µs per request), idle left out. */
function selfPerRequest(file: string, requests: number): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame || frame.functionName === '(idle)') return;
    const where = frame.url.split('/').slice(-2).join('/');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / requests);
  });
  return self;
}

const [fileA, requestsA, fileB, requestsB] = process.argv.slice(2);
if (!fileA || !fileB || !(Number(requestsA) > 0) || !(Number(requestsB) > 0)) {
  console.error('usage: profile-diff.ts <a.cpuprofile> <requests a> <b.cpuprofile> <requests b>');
  process.exit(1);
}
const a = selfPerRequest(fileA, Number(requestsA));
const b = selfPerRequest(fileB, Number(requestsB));
const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
console.log(`busy µs/req: a ${sum(a).toFixed(1)}, b ${sum(b).toFixed(1)}`);
console.log('      a        b    b − a  function');
const rows = [...new Set([...a.keys(), ...b.keys()])]
  .map((key) => ({ key, a: a.get(key) ?? 0, b: b.get(key) ?? 0 }))
  .sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a))
  .slice(0, 25);
for (const row of rows)
  console.log(
    `${row.a.toFixed(2).padStart(7)}  ${row.b.toFixed(2).padStart(7)}  ${(row.b - row.a).toFixed(2).padStart(7)}  ${row.key}`,
  );
