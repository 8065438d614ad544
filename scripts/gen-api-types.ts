/** `pnpm gen:api-types`: writes apps/web/lib/api-types.ts from the api's OpenAPI document. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { API_TYPES_FILE, renderApiTypes, repoRoot } from '../tests/contract/api-types.ts';

writeFileSync(path.join(repoRoot, API_TYPES_FILE), await renderApiTypes());
console.log(`wrote ${API_TYPES_FILE}`);
