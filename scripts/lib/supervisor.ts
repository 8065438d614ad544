/**
 * Keeps the launcher's services running: each is a child process in its own process group (so a
 * terminal's Ctrl-C reaches only the launcher, which then stops them in order); one that exits
 * unexpectedly is restarted with exponential backoff, and one caught in a crash loop is given up
 * while the others keep serving. Everything it does is said in the launcher's own voice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { formatLine, pipeWithPrefix } from './log-lines.js';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';

export interface ServiceSpec {
  name: string;
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A URL that answers 2xx once the service serves (its /readyz, or / for the web app). */
  readyUrl: string;
  color: (s: string) => string;
  /** Claims a line of the service's output (it is then not printed as is); see pipeWithPrefix. */
  own?: (line: string) => boolean;
}

export interface SupervisorOptions {
  /** The launcher's own voice. */
  log: (message: string) => void;
  /** Where services' prefixed output lines go (stdout by default). */
  write?: (text: string) => void;
  policy?: RestartPolicyOptions;
  /** Grace before SIGKILL when stopping (default 10 s). */
  stopTimeoutMs?: number;
  /** How long a (re)started service may take to become ready (default 60 s). */
  readyTimeoutMs?: number;
}

export type ServiceState = 'starting' | 'ready' | 'waiting-to-restart' | 'given-up' | 'stopped';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "exit code 1" or "signal SIGKILL": how a process ended, in words. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

export class SupervisedService {
  state: ServiceState = 'starting';
  child: ChildProcess | null = null;
  restarts = 0;
  /** The last lines the service printed (across restarts). */
  readonly tail: string[] = [];
  private readonly policy: RestartPolicy;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private firstSettled: Promise<boolean>;
  private settleFirst: (ready: boolean) => void = () => {};

  constructor(
    readonly spec: ServiceSpec,
    private readonly supervisor: Supervisor,
  ) {
    this.policy = new RestartPolicy(supervisor.options.policy ?? DEFAULT_RESTART_POLICY);
    this.firstSettled = new Promise((resolve) => {
      this.settleFirst = resolve;
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves true once the service is first ready, false if it was given up before that. */
  firstReady(): Promise<boolean> {
    return this.firstSettled;
  }

  start(): void {
    const [command, ...args] = this.spec.command;
    const child = spawn(command!, args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.state = 'starting';
    this.startedAt = Date.now();
    const prefix = this.name.padEnd(9);
    const write = this.supervisor.options.write;
    pipeWithPrefix(child.stdout!, prefix, this.spec.color, this.tail, write, this.spec.own);
    pipeWithPrefix(child.stderr!, prefix, this.spec.color, this.tail, write, this.spec.own);
    child.once('error', (err) => this.supervisor.log(`${this.name} could not be started: ${err.message}`));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    void this.watchReadiness(child);
  }

  /** Stops the service (SIGTERM to its process group, SIGKILL after the grace period). */
  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (this.state !== 'given-up') this.state = 'stopped';
    this.settleFirst(false);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child, 'SIGTERM');
    const force = setTimeout(
      () => signalGroup(child, 'SIGKILL'),
      this.supervisor.options.stopTimeoutMs ?? 10_000,
    );
    await exited;
    clearTimeout(force);
  }

  /** Stopped on purpose: its exits are expected, not crashes. */
  private get halted(): boolean {
    return this.state === 'stopped' || this.supervisor.stopping;
  }

  private async watchReadiness(child: ChildProcess): Promise<void> {
    const timeoutMs = this.supervisor.options.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    while (this.child === child && child.exitCode === null && child.signalCode === null) {
      if (await answers(this.spec.readyUrl)) {
        if (this.child !== child) return;
        this.state = 'ready';
        if (this.restarts > 0)
          this.supervisor.log(
            `${this.name} is back (pid ${child.pid}), ready ${seconds(Date.now() - this.startedAt)} after its restart.`,
          );
        this.settleFirst(true);
        return;
      }
      if (Date.now() > deadline) {
        this.supervisor.log(
          `${this.name} is running but not ready after ${seconds(timeoutMs)} (${this.spec.readyUrl}).`,
        );
        this.settleFirst(false);
        return;
      }
      await sleep(200);
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (this.child !== child || this.halted) return;
    const how = describeExit(code, signal);
    const uptimeMs = Date.now() - this.startedAt;
    const decision = this.policy.onCrash(Date.now(), uptimeMs);
    const { maxCrashes, windowMs } = this.policy.options;
    if (decision.action === 'give-up') {
      this.state = 'given-up';
      this.settleFirst(false);
      const lines = this.tail.slice(-12).map((l) => `    ${formatLine(l)}`);
      this.supervisor.log(
        `${this.name} crashed ${decision.crashesInWindow} times within ${seconds(windowMs)} (last: ${how}), so the launcher stopped restarting it; the rest of the platform keeps running. Its last log lines:\n${lines.join('\n')}`,
      );
      return;
    }
    this.state = 'waiting-to-restart';
    this.supervisor.log(
      `${this.name} stopped unexpectedly (${how}) after ${seconds(uptimeMs)}; restarting it in ${seconds(decision.delayMs)} (crash ${decision.crashesInWindow} of ${maxCrashes} allowed within ${seconds(windowMs)}).`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state !== 'waiting-to-restart' || this.supervisor.stopping) return;
      this.restarts++;
      this.start();
      this.supervisor.log(`restarted ${this.name} (pid ${this.child?.pid}, restart ${this.restarts}).`);
    }, decision.delayMs);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // Negative pid: the whole process group the service leads (detached), helpers included.
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

export class Supervisor {
  readonly services: SupervisedService[] = [];
  stopping = false;

  constructor(readonly options: SupervisorOptions) {}

  log(message: string): void {
    this.options.log(message);
  }

  start(spec: ServiceSpec): SupervisedService {
    const service = new SupervisedService(spec, this);
    this.services.push(service);
    service.start();
    this.log(`started ${spec.name} (pid ${service.pid})`);
    return service;
  }

  get(name: string): SupervisedService | undefined {
    return this.services.find((s) => s.name === name);
  }

  /** Stops every service at once, each with its grace period. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.services.map((s) => s.stop()));
  }
}
