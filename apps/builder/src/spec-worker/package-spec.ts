import { type ServerSpec, specHash, toolScopes } from '@bmm/spec';
import type { PackagedSpec } from './protocol.js';

/** The spec as the runner serves it: the server's slug, explicit scopes and hosts. */
export function normalizeSpec(spec: ServerSpec, slug: string): ServerSpec {
  const copy = structuredClone(spec);
  return {
    ...copy,
    slug,
    allowedHosts: copy.allowedHosts ?? [],
    tools: copy.tools.map((tool) => ({ ...tool, scopes: toolScopes(tool) })),
  };
}

export function packageSpec(spec: ServerSpec, slug: string): PackagedSpec {
  const artifact = normalizeSpec(spec, slug);
  return { artifact, hash: specHash(artifact), json: JSON.stringify(artifact) };
}
