import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeSchema, migrateConfigSchema, type ServiceName, serviceSchemas } from '@bmm/config';
import { parseAllDocuments } from 'yaml';

export const run = promisify(execFile);
export const repoRoot = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
export const repoPath = (...parts: string[]) => join(repoRoot, ...parts);
export const readRepoFile = (...parts: string[]) => readFileSync(repoPath(...parts), 'utf8');
export const existsInRepo = (...parts: string[]) => existsSync(repoPath(...parts));

export const APPS = ['api', 'oauth-as', 'builder', 'runner', 'web'] as const satisfies readonly ServiceName[];
export type App = (typeof APPS)[number];

/** Every YAML document of a file, merge keys (`<<:`) resolved as Compose does. */
export function parseYamlDocuments(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
    return doc.toJS() as Record<string, unknown>;
  });
}

/** Variable names a schema knows, and the ones it requires (no default, not optional). */
export function schemaVariables(schema: Parameters<typeof describeSchema>[0]) {
  const docs = describeSchema(schema);
  return {
    known: new Set(docs.map((d) => d.name)),
    required: docs.filter((d) => d.required).map((d) => d.name),
  };
}

export const appSchema = (app: App) => serviceSchemas[app];
export { migrateConfigSchema };

/** Default port of a service = its schema's PORT default (the port it listens on in a container). */
export function defaultPort(app: App): number {
  const port = describeSchema(serviceSchemas[app]).find((d) => d.name === 'PORT')?.default;
  if (!port) throw new Error(`${app} has no PORT default`);
  return Number(port);
}

/** Compose-style interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
export function interpolate(
  value: string,
  env: Record<string, string | undefined>,
  errors: string[],
): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (_m, name: string, colon, op, arg) => {
      const raw = env[name];
      const unset = raw === undefined || (colon === ':' && raw === '');
      if (op === '-') return unset ? arg : raw!;
      if (op === '?') {
        if (unset) errors.push(`${name}: ${arg}`);
        return raw ?? '';
      }
      return raw ?? '';
    },
  );
}

export function interpolateDeep(
  value: unknown,
  env: Record<string, string | undefined>,
  errors: string[],
): unknown {
  if (typeof value === 'string') return interpolate(value, env, errors);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env, errors));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env, errors)]));
  return value;
}

/** `KEY=value` lines of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export async function commandWorks(cmd: string, args: string[]): Promise<boolean> {
  try {
    await run(cmd, args, { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** A valid master key for tests (32 bytes, base64). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * How compose builds an app's image: the four Fastify services share the root Dockerfile (build
 * args APP and PORT), the web app has its own.
 */
export function imageRecipe(app: App): { dockerfile: string; args: Record<string, string> } {
  const compose = parseYamlDocuments(readRepoFile('docker-compose.yml'))[0] as {
    services: Record<string, { build?: { dockerfile?: string; args?: Record<string, string | number> } }>;
  };
  const build = compose.services[app]?.build;
  if (!build) throw new Error(`compose builds no image for ${app}`);
  const args = Object.fromEntries(Object.entries(build.args ?? {}).map(([k, v]) => [k, String(v)]));
  return { dockerfile: build.dockerfile ?? 'Dockerfile', args };
}

/** An app's Dockerfile with its build args substituted, as `docker build` sees it for that app. */
export function renderedDockerfile(app: App): string {
  const { dockerfile, args } = imageRecipe(app);
  return readRepoFile(dockerfile).replace(/\$\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}
