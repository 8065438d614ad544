import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';
import type { ClaimedBuild } from '../builds/builds.repository.js';
import type { BuildLog } from '../builds/log.js';
import type { SpecWorker } from '../spec-worker/index.js';

/** A step stopped the build; the message tells a person what to fix. */
export class BuildFailure extends Error {
  override name = 'BuildFailure';
}
/** Cancel was requested (between or inside steps). */
export class BuildCanceled extends Error {
  override name = 'BuildCanceled';
  constructor() {
    super('The build was canceled.');
  }
}
/** Another worker took the build over (this one's heartbeat went stale): stop quietly. */
export class LostOwnership extends Error {
  override name = 'LostOwnership';
}

export interface BuildState {
  server?: { id: string; org_id: string; slug: string; current_version_id: string | null };
  version?: {
    id: string;
    version: number;
    spec: unknown;
    spec_hash: string | null;
    published_at: Date | null;
  };
  spec?: ServerSpec;
  artifact?: ServerSpec;
  /** The artifact's JSON text, as published. */
  artifactJson?: string;
  hash?: string;
  /** The version that served before this deploy (restored if verify fails). */
  previousVersionId?: string | null;
  deployed?: boolean;
}

export interface StepContext {
  db: Db;
  keyring: Keyring;
  log: BuildLog;
  build: ClaimedBuild;
  workerId: string;
  /** Aborted on cancel, lost ownership or the step's timeout. */
  signal: AbortSignal;
  stepTimeoutMs: number;
  runnerUrl: string;
  /** Whether tools may target private/loopback addresses (the runner's policy). */
  allowPrivateNetwork: boolean;
  /** Validates and packages specs off the event loop. */
  specs: SpecWorker;
  state: BuildState;
}

export type Step = (ctx: StepContext) => Promise<string | undefined>;

export function fail(message: string): never {
  throw new BuildFailure(message);
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new BuildCanceled();
}
