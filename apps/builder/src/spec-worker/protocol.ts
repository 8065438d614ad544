import type { ServerSpec, SpecValidation } from '@bmm/spec';

/** What the spec thread does: validate a stored spec, or package a valid one. */
export type SpecJob = { op: 'validate'; spec: unknown } | { op: 'package'; spec: ServerSpec; slug: string };

export interface PackagedSpec {
  /** The spec as the runner serves it (see `normalizeSpec`). */
  artifact: ServerSpec;
  /** `specHash(artifact)`. */
  hash: string;
  /** `JSON.stringify(artifact)`, as stored in `server_versions.artifact`. */
  json: string;
}

export interface SpecResults {
  validate: SpecValidation;
  package: PackagedSpec;
}

export type SpecRequest = SpecJob & { id: number };
export type SpecReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
