import { Channels, type Db, notify } from '@bmm/db';
import { insertLogLine, type LogLevel, lastSeq } from './build-logs.repository.js';

export type { LogLevel };
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'canceled' | 'skipped';

/**
 * Step transitions are stored as ordinary log lines in this exact shape, so a replay from
 * `build_logs` yields the same `step` frames as the live stream did.
 */
const STEP_LINE = /^step (\w+) (running|succeeded|failed|canceled|skipped)(?: in (\d+) ms)?$/;

export function stepLine(step: string, status: StepStatus, ms?: number): string {
  return `step ${step} ${status}${ms === undefined ? '' : ` in ${ms} ms`}`;
}

export function parseStepLine(message: string): { step: string; status: StepStatus; ms?: number } | null {
  const m = message.match(STEP_LINE);
  if (!m) return null;
  return { step: m[1]!, status: m[2] as StepStatus, ...(m[3] ? { ms: Number(m[3]) } : {}) };
}

/**
 * The build's log: numbered lines (seq per build, continuing after a reclaim) stored in
 * build_logs and announced with NOTIFY. The builder never holds secret values (the test step uses
 * placeholders), so none can reach a line.
 */
export class BuildLog {
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly buildId: string,
  ) {}

  static async open(db: Db, buildId: string): Promise<BuildLog> {
    const log = new BuildLog(db, buildId);
    log.seq = await lastSeq(db, buildId);
    return log;
  }

  write(level: LogLevel, step: string | null, message: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const text = message.length > 4000 ? `${message.slice(0, 4000)}…` : message;
    // Lines are written in order; a failed insert does not stop later ones.
    this.chain = this.chain.then(async () => {
      const seq = ++this.seq;
      await insertLogLine(this.db, { buildId: this.buildId, seq, level, step, message: text });
      await notify(this.db, Channels.buildEvent, { buildId: this.buildId, seq });
    });
    const done = this.chain;
    this.chain = this.chain.catch(() => {});
    return done;
  }

  info(step: string | null, message: string) {
    return this.write('info', step, message);
  }
  warn(step: string | null, message: string) {
    return this.write('warn', step, message);
  }
  error(step: string | null, message: string) {
    return this.write('error', step, message);
  }
  step(step: string, status: StepStatus, ms?: number) {
    return this.write(status === 'failed' ? 'error' : 'info', step, stepLine(step, status, ms));
  }
  flush(): Promise<void> {
    return this.chain;
  }
  /** Later lines are dropped: the build belongs to another worker now. */
  close(): void {
    this.closed = true;
  }
}
