import type { Keyring } from '@bmm/crypto';
import { Channels, type Db, notify } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { withSpan } from '@bmm/telemetry';
import type { BuilderMetrics } from '../metrics/builder-metrics.js';
import type { SpecWorker } from '../spec-worker/index.js';
import { compileStep } from '../steps/compile.js';
import { BuildCanceled, BuildFailure, LostOwnership, type Step, type StepContext } from '../steps/context.js';
import { deployStep, packageStep, publishStep, undeploy } from '../steps/release.js';
import { testStep } from '../steps/test.js';
import { validateStep } from '../steps/validate.js';
import { verifyStep } from '../steps/verify.js';
import { type ClaimedBuild, finishBuild, heartbeat, releaseBuild, setStep } from './builds.repository.js';
import { BuildLog } from './log.js';

export const STEPS: ReadonlyArray<readonly [string, Step]> = [
  ['validate', validateStep],
  ['compile', compileStep],
  ['test', testStep],
  ['package', packageStep],
  ['publish', publishStep],
  ['deploy', deployStep],
  ['verify', verifyStep],
];

export interface PipelineDeps {
  db: Db;
  keyring: Keyring;
  logger: Logger;
  workerId: string;
  runnerUrl: string;
  stepTimeoutMs: number;
  heartbeatMs: number;
  maxAttempts: number;
  allowPrivateNetwork: boolean;
  /** Validates and packages specs off the event loop. */
  specs: SpecWorker;
  metrics?: BuilderMetrics;
}

class StepTimeout extends Error {
  override name = 'StepTimeout';
}
/** The worker is shutting down: leave the build running so another worker reclaims it. */
export class Shutdown extends Error {
  override name = 'Shutdown';
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  step: string,
  controller: AbortController,
): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new StepTimeout(`Step ${step} took longer than ${ms} ms and was stopped.`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  return Promise.race([promise, timeout, aborted]).finally(() => clearTimeout(timer));
}

type FinalStatus = 'succeeded' | 'failed' | 'canceled';

/** Which step is running and since when (read by the failure path). */
interface Progress {
  current: string;
  stepStarted: number;
}

/**
 * The build's abort controller: aborted when the worker stops, when another worker took the build or
 * when a cancel was requested (checked on every heartbeat and on each build event via `onCheck`).
 */
function superviseBuild(
  deps: PipelineDeps,
  build: ClaimedBuild,
  stop: AbortSignal,
  onCheck?: (check: () => void) => void,
): { control: AbortController; dispose: () => void } {
  const { db, workerId } = deps;
  const control = new AbortController();
  const onStop = () => control.abort(new Shutdown('worker stopping'));
  stop.addEventListener('abort', onStop, { once: true });
  const check = async () => {
    if (control.signal.aborted) return;
    try {
      const alive = await heartbeat(db, build.id, workerId);
      if (!alive) control.abort(new LostOwnership('another worker took this build'));
      else if (alive.cancelRequested) control.abort(new BuildCanceled());
    } catch (err) {
      deps.logger.warn({ err, buildId: build.id }, 'build heartbeat failed');
    }
  };
  const beat = setInterval(check, deps.heartbeatMs);
  beat.unref();
  onCheck?.(() => void check());
  const dispose = () => {
    clearInterval(beat);
    stop.removeEventListener('abort', onStop);
  };
  return { control, dispose };
}

/** Runs one step under the step timeout, aborted with the build (its own controller, so a timeout stops only it). */
async function runStep(
  deps: PipelineDeps,
  ctx: StepContext,
  control: AbortController,
  name: string,
  step: Step,
) {
  const stepControl = new AbortController();
  const relay = () => stepControl.abort(control.signal.reason);
  control.signal.addEventListener('abort', relay, { once: true });
  try {
    const summary = await withTimeout(
      withSpan(`build.step ${name}`, { 'build.step': name }, () =>
        step({ ...ctx, signal: stepControl.signal }),
      ),
      deps.stepTimeoutMs,
      name,
      stepControl,
    );
    if (summary) await ctx.log.info(name, summary);
  } finally {
    control.signal.removeEventListener('abort', relay);
  }
}

/** Every step in order; throws what stopped the build. */
async function runSteps(deps: PipelineDeps, ctx: StepContext, control: AbortController, progress: Progress) {
  const { db, build, log, workerId } = ctx;
  if (build.attempts > deps.maxAttempts)
    throw new BuildFailure(
      `The build was interrupted ${build.attempts - 1} times (its workers stopped); giving up. Rebuild to try again.`,
    );
  await log.info(
    null,
    build.attempts > 1
      ? `attempt ${build.attempts}: resuming after a stopped worker (${workerId})`
      : `build started on ${workerId}`,
  );
  if (build.cancel_requested_at) throw new BuildCanceled();
  for (const [name, step] of STEPS) {
    if (control.signal.aborted) throw control.signal.reason;
    progress.current = name;
    if (
      !(await setStep(db, build.id, workerId, name)) &&
      name !== 'verify' &&
      build.current_step !== 'verify'
    )
      throw new LostOwnership('build no longer owned');
    progress.stepStarted = Date.now();
    await log.step(name, 'running');
    await runStep(deps, ctx, control, name, step);
    await log.step(name, 'succeeded', Date.now() - progress.stepStarted);
    deps.metrics?.step(name, 'succeeded', Date.now() - progress.stepStarted);
  }
}

/** The build is no longer this worker's: on shutdown it goes back to the queue after its last line. */
async function leaveBuild(
  deps: PipelineDeps,
  log: BuildLog,
  build: ClaimedBuild,
  err: Error,
  current: string,
) {
  const { db, workerId } = deps;
  deps.logger.warn({ buildId: build.id, reason: err.message }, 'build left to another worker');
  if (!(err instanceof Shutdown)) return log.close();
  // The last line goes in before the build is released, so the next owner continues after it.
  await log.warn(current || null, 'worker stopping: the build goes back to the queue').catch(() => {});
  await log.flush().catch(() => {});
  log.close();
  if (await releaseBuild(db, build.id, workerId).catch(() => false))
    await notify(db, Channels.buildEvent, { buildId: build.id, status: 'queued' }).catch(() => {});
}

/** Logs why the build stopped (canceled or failed) and puts the previous version back if this one was deployed. */
async function endStoppedBuild(
  deps: PipelineDeps,
  ctx: StepContext,
  err: unknown,
  progress: Progress,
): Promise<{ status: 'failed' | 'canceled'; error: string }> {
  const { build, log } = ctx;
  const { current } = progress;
  const ms = current ? Date.now() - progress.stepStarted : undefined;
  let status: 'failed' | 'canceled';
  let error: string;
  if (err instanceof BuildCanceled) {
    status = 'canceled';
    error = 'Canceled on request.';
    if (current) await log.step(current, 'canceled', ms);
    if (current) deps.metrics?.step(current, 'canceled', ms ?? 0);
    await log.warn(current || null, `build canceled${current ? ` during ${current}` : ''}`);
  } else {
    status = 'failed';
    error =
      err instanceof BuildFailure || err instanceof StepTimeout
        ? err.message
        : `Internal error in step ${current || 'start'}: ${(err as Error).message}. Rebuild to retry; if it persists, report it.`;
    if (!(err instanceof BuildFailure || err instanceof StepTimeout))
      deps.logger.error({ err, buildId: build.id, step: current }, 'build step crashed');
    await log.error(current || null, error);
    if (current) await log.step(current, 'failed', ms);
    if (current) deps.metrics?.step(current, 'failed', ms ?? 0);
  }
  if (ctx.state.deployed && (await undeploy(ctx).catch(() => false)))
    await log.warn(null, 'the previous version serves again');
  else if (status === 'failed')
    await log.info(null, 'nothing was deployed; the previous version keeps serving');
  return { status, error };
}

/**
 * Runs one claimed build through every step. Returns its final status, or null when the build is
 * no longer this worker's (taken over, or this worker stops).
 */
export async function runBuild(
  deps: PipelineDeps,
  build: ClaimedBuild,
  stop: AbortSignal,
  /** Receives a function that checks ownership and cancel at once (on a build event). */
  onCheck?: (check: () => void) => void,
): Promise<FinalStatus | null> {
  const { db, workerId } = deps;
  const log = await BuildLog.open(db, build.id);
  const { control, dispose } = superviseBuild(deps, build, stop, onCheck);
  const ctx: StepContext = {
    db,
    keyring: deps.keyring,
    log,
    build,
    workerId,
    signal: control.signal,
    stepTimeoutMs: deps.stepTimeoutMs,
    runnerUrl: deps.runnerUrl,
    allowPrivateNetwork: deps.allowPrivateNetwork,
    specs: deps.specs,
    state: {},
  };
  const progress: Progress = { current: '', stepStarted: 0 };
  let status: FinalStatus;
  let error: string | null = null;
  const started = Date.now();
  try {
    await runSteps(deps, ctx, control, progress);
    status = 'succeeded';
    await log.info(
      null,
      `build succeeded in ${Date.now() - started} ms: version ${ctx.state.version?.version} is live`,
    );
  } catch (err) {
    if (err instanceof LostOwnership || err instanceof Shutdown) {
      await leaveBuild(deps, log, build, err, progress.current);
      return null;
    }
    ({ status, error } = await endStoppedBuild(deps, ctx, err, progress));
  } finally {
    dispose();
    await log.flush().catch(() => {});
  }
  if (!(await finishBuild(db, build.id, workerId, status, error))) return null;
  deps.metrics?.build(status);
  await notify(db, Channels.buildEvent, { buildId: build.id, status });
  return status;
}
