import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { AccessTokenVerifier } from '@bmm/oauth';
import type { Denylist } from './auth/denylist.js';
import type { HostPolicy } from './auth/host-check.js';
import type { ServerRegistry } from './hosting/registry.js';
import type { ToolExecutionDeps } from './hosting/tool-execution.js';
import type { RunnerMetrics } from './metrics/runner-metrics.js';
import type { PlanGuard } from './usage/plan-guard.js';
import type { UsageRecorder } from './usage/usage-recorder.js';

/** What the route plugins share; built once in buildApp. */
export interface RunnerContext {
  db: Db;
  keyring: Keyring;
  issuer: string;
  runnerUrl: string;
  hostPolicy: HostPolicy;
  verifier: AccessTokenVerifier;
  denylist: Denylist;
  registry: ServerRegistry;
  usage: UsageRecorder;
  planGuard: PlanGuard;
  /** The fast path and what its tool calls need (null: RUNNER_FAST_PATH=false, every request goes to the SDK). */
  fastPath: ToolExecutionDeps | null;
  metrics: RunnerMetrics;
}
