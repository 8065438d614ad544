/**
 * The web app's types for the control-plane API (`apps/web/lib/api-types.ts`), generated from the
 * api's own OpenAPI document. `pnpm gen:api-types` writes the file; `api-types.test.ts` fails when
 * the committed one no longer matches what the api serves.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@bmm/api/app';
import { Keyring } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { createOfflinePlanner } from '@bmm/planner';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Relative to the repository root. */
export const API_TYPES_FILE = 'apps/web/lib/api-types.ts';
export const GEN_COMMAND = 'pnpm gen:api-types';

const HEADER = `/**
 * Generated from the api's OpenAPI document (GET /v1/openapi.json) by openapi-typescript.
 * Do not edit: run \`${GEN_COMMAND}\` after changing a route schema of apps/api.
 */

`;

/**
 * The api's OpenAPI document, as \`GET /v1/openapi.json\` serves it. The app is built in-process and
 * never listens; the database handle is never used (building the document runs no query), so no
 * Postgres is needed.
 */
export async function apiOpenApiDocument(): Promise<OpenAPI3> {
  const db = createDb('postgres://openapi@127.0.0.1:1/unused');
  const app = await buildApp({
    db,
    logger: createLogger({ name: 'api-types', level: 'silent' }),
    keyring: new Keyring({ version: 1, key: Buffer.alloc(32) }),
    planner: createOfflinePlanner(),
    config: {
      WEB_URL: 'http://localhost:3000',
      API_URL: 'http://localhost:4000',
      BUILDER_URL: 'http://localhost:4002',
      RUNNER_URL: 'http://localhost:4100',
      OAUTH_ISSUER: 'http://localhost:4001',
    },
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    if (res.statusCode !== 200)
      throw new Error(`GET /v1/openapi.json answered ${res.statusCode}: ${res.body}`);
    return res.json() as OpenAPI3;
  } finally {
    await app.close();
    await db.destroy();
  }
}

/** Formats TypeScript source the way `pnpm format` would (the repo's Biome, its settings). */
function biomeFormat(source: string): string {
  const biome = path.join(repoRoot, 'node_modules', '.bin', 'biome');
  const result = spawnSync(biome, ['format', `--stdin-file-path=${API_TYPES_FILE}`], {
    cwd: repoRoot,
    input: source,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`biome format failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** The contents \`apps/web/lib/api-types.ts\` must have. */
export async function renderApiTypes(): Promise<string> {
  const document = await apiOpenApiDocument();
  const ast = await openapiTS(document, { alphabetize: false });
  return biomeFormat(HEADER + astToString(ast));
}
