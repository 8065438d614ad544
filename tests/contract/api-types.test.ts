import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, GEN_COMMAND, renderApiTypes, repoRoot } from './api-types.ts';

it(`${API_TYPES_FILE} matches the api's OpenAPI document`, async () => {
  const committed = readFileSync(path.join(repoRoot, API_TYPES_FILE), 'utf8');
  const current = await renderApiTypes();
  if (committed !== current)
    expect.fail(
      `${API_TYPES_FILE} is out of date with the api's route schemas: run \`${GEN_COMMAND}\` and commit the result.`,
    );
});
