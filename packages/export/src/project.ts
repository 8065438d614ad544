import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerSpec } from '@bmm/spec';
import { formatIssues, validateSpec } from '@bmm/spec';
import { loadPlatformFiles } from './platform.js';
import { envExample, readme } from './readme.js';
import type { ArchiveFile } from './tarball.js';

/** Exact versions the exported project installs (the MCP SDK v2 line is young: pin it). */
export const EXPORT_DEPENDENCIES = {
  '@modelcontextprotocol/node': '2.1.2',
  '@modelcontextprotocol/server': '2.4.0',
  // The platform modules' own dependencies (src/platform): the validator and the outbound guard.
  ajv: '8.20.0',
  'ajv-formats': '3.0.1',
  jose: '6.2.18',
  'quickjs-emscripten': '0.32.0',
  re2js: '2.10.0',
  tsx: '4.23.15',
  undici: '6.24.1',
} as const;

export const EXPORT_DEV_DEPENDENCIES = {
  '@types/node': '24.19.2',
  typescript: '5.9.3',
} as const;

const templateDir = fileURLToPath(new URL('../template/', import.meta.url));

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(templateDir, join(e.parentPath, e.name)));
}

let templateFiles: Promise<ArchiveFile[]> | undefined;

/** The fixed part of the project (server code, Dockerfile, tsconfig), read once. */
function loadTemplate(): Promise<ArchiveFile[]> {
  templateFiles ??= listFiles(templateDir).then((paths) =>
    Promise.all(
      paths.map(async (path) => ({
        path: path.split('\\').join('/'),
        content: await readFile(join(templateDir, path), 'utf8'),
      })),
    ),
  );
  return templateFiles;
}

/** `3` → `3.0.0`; a semver string stays as it is. */
export function packageVersion(version: string | number): string {
  const text = String(version);
  if (/^\d+$/.test(text)) return `${text}.0.0`;
  if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(text)) return text;
  throw new TypeError(`version must be a version number or a semver string, got ${JSON.stringify(text)}`);
}

export interface ExportOptions {
  spec: ServerSpec;
  /** The name the server has on the platform (README title). */
  serverName: string;
  /** The server version exported (its number on the platform). */
  version: string | number;
}

/** Every file of the exported project, paths relative to its root. */
/** Thrown for a spec the standalone project cannot serve faithfully (the API answers 422). */
export class ExportUnsupportedError extends Error {
  override name = 'ExportUnsupportedError';
  constructor(
    /** Stable code for the problem+json answer. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why a spec cannot be exported, or null. Upstream sign-in needs the platform's authorization
 * server, vault and callback; a project that dropped it would run every call without the person's
 * token (or with nobody's), so it is refused rather than exported without it.
 */
export function exportBlocker(spec: ServerSpec): ExportUnsupportedError | null {
  const upstreams = spec.upstreams ?? [];
  if (!upstreams.length) return null;
  return new ExportUnsupportedError(
    'export_upstreams_unsupported',
    `exporting servers with upstream sign-in is not supported yet: ${upstreams.map((u) => `${u.name} ("${u.id}")`).join(', ')} sign${upstreams.length === 1 ? 's' : ''} each person in through the platform's token vault, which the standalone project does not include. Switch the tools to a personal-token secret in a new version to export it, or keep it hosted.`,
  );
}

export async function exportProjectFiles({
  spec,
  serverName,
  version,
}: ExportOptions): Promise<ArchiveFile[]> {
  const validation = validateSpec(spec);
  if (!validation.ok)
    throw new TypeError(`cannot export an invalid spec: ${formatIssues(validation.issues)}`);
  const blocker = exportBlocker(spec);
  if (blocker) throw blocker;
  const semver = packageVersion(version);
  const packageJson = {
    name: `${spec.slug}-mcp-server`,
    version: semver,
    private: true,
    description: spec.description,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: {
      start: 'node --import tsx src/server.ts',
      typecheck: 'tsc -p tsconfig.json',
    },
    dependencies: EXPORT_DEPENDENCIES,
    devDependencies: EXPORT_DEV_DEPENDENCIES,
  };
  return [
    ...(await loadTemplate()),
    ...(await loadPlatformFiles()),
    { path: 'package.json', content: `${JSON.stringify(packageJson, null, 2)}\n` },
    { path: 'spec.json', content: `${JSON.stringify(validation.spec, null, 2)}\n` },
    { path: 'README.md', content: readme(validation.spec, serverName, semver) },
    { path: '.env.example', content: envExample(validation.spec) },
    { path: '.gitignore', content: 'node_modules/\n.env\n' },
  ];
}
