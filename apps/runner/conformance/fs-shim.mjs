// Node 20 has no fs.globSync (added in 22); the conformance CLI imports it by name. This module is
// node:fs plus a small globSync covering the `**/<name>` patterns the CLI uses.
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

export function globSync(pattern, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  const name = String(pattern).replace(/^\*\*\//, '');
  const out = [];
  const walk = (dir, depth) => {
    if (depth > 20) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.name === name) out.push(path.relative(cwd, full));
    }
  };
  if (fs.existsSync(cwd)) walk(cwd, 0);
  return out;
}
