import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import type { ArchiveFile } from './tarball.js';

/**
 * The exported project runs the platform's own code for everything a hosted server does on the
 * network or with user input — the template renderer, the JSON Schema validator (patterns on RE2),
 * the http tool with its URL encoding, and the outbound SSRF guard — copied from the packages'
 * sources when the tarball is made, so an export can never drift from what the runner runs.
 * Each package's files land under `src/platform/<package>/`, byte for byte, except that imports
 * of another workspace package point at its copy (`@bmm/spec` → `../spec/index.js`).
 */
export const PLATFORM_PACKAGES = [
  { name: '@bmm/spec', dir: 'src/platform/spec', entries: ['index.ts'] },
  { name: '@bmm/http', dir: 'src/platform/http', entries: ['outbound.ts'] },
  { name: '@bmm/sandbox', dir: 'src/platform/sandbox', entries: ['http-tool.ts', 'network.ts'] },
] as const;

/** Workspace imports the copied modules may use, and the copy each one points at. */
const WORKSPACE_IMPORTS: Record<string, string> = {
  '@bmm/spec': 'src/platform/spec/index.ts',
  '@bmm/http/outbound': 'src/platform/http/outbound.ts',
};

/** `from '…'`, `import '…'` and `import('…')` specifiers of a module. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\2/g;

/** The `src/` folder of a workspace package, found the way Node finds the package itself. */
function packageSources(name: string): string {
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return join(realpathSync(dir), 'src');
  }
  throw new Error(`cannot find the sources of ${name} to copy into the export`);
}

const toTs = (specifier: string) => specifier.replace(/\.js$/, '.ts');
const toJs = (path: string) => path.replace(/\.ts$/, '.js');

/**
 * Rewrites the workspace imports of a module copied to `path` (relative to the project root);
 * relative and npm imports stay as they are. Throws on a workspace import with no copy.
 */
export function rewriteWorkspaceImports(source: string, path: string): string {
  return source.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
    if (!specifier.startsWith('@bmm/')) return whole;
    const target = WORKSPACE_IMPORTS[specifier];
    if (!target)
      throw new Error(`${path} imports ${specifier}, which the export does not ship (see PLATFORM_PACKAGES)`);
    let relative = posix.relative(posix.dirname(path), toJs(target));
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `${lead}${quote}${relative}${quote}`;
  });
}

/** Every module reachable from a package's entries through relative imports (tests excluded). */
async function reachableModules(srcDir: string, entries: readonly string[]): Promise<Map<string, string>> {
  const modules = new Map<string, string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (modules.has(file)) continue;
    const source = await readFile(join(srcDir, file), 'utf8');
    modules.set(file, source);
    for (const [, , , specifier] of source.matchAll(SPECIFIER)) {
      if (specifier!.startsWith('.'))
        queue.push(posix.normalize(posix.join(posix.dirname(file), toTs(specifier!))));
    }
  }
  return modules;
}

let platformFiles: Promise<ArchiveFile[]> | undefined;

/** The platform modules of an export, read once per process. */
export function loadPlatformFiles(): Promise<ArchiveFile[]> {
  platformFiles ??= (async () => {
    const files: ArchiveFile[] = [];
    for (const pkg of PLATFORM_PACKAGES) {
      const srcDir = packageSources(pkg.name);
      for (const [file, source] of await reachableModules(srcDir, pkg.entries)) {
        const path = posix.join(pkg.dir, file);
        files.push({ path, content: rewriteWorkspaceImports(source, path) });
      }
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  })();
  platformFiles.catch(() => (platformFiles = undefined));
  return platformFiles;
}

/** Where the package source of an exported platform file lives (for the drift test). */
export function platformSourceOf(path: string): string {
  const pkg = PLATFORM_PACKAGES.find((p) => path.startsWith(`${p.dir}/`));
  if (!pkg) throw new Error(`${path} is not a platform file`);
  return join(packageSources(pkg.name), path.slice(pkg.dir.length + 1));
}
