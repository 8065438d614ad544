import { type BuildLogRow, buildLogsAfter, type Db, toBuildLogLine } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { buildState, FINISHED } from '../builds/builds.repository.js';
import { parseStepLine } from '../builds/log.js';

export type Frame =
  | { type: 'log'; seq: number; ts: string; level: string; step: string | null; message: string }
  | { type: 'step'; step: string; status: string; ms?: number }
  | { type: 'done'; status: string; version: number | null; error?: string | null }
  | { type: 'heartbeat'; ts: string };

export interface Watcher {
  /** Highest seq delivered to this watcher. */
  since: number;
  send(frame: Frame): void;
  close(code?: number, reason?: string): void;
}

export function rowFrames(row: BuildLogRow): Frame[] {
  const frames: Frame[] = [{ type: 'log', ...toBuildLogLine(row) }];
  const step = parseStepLine(row.message);
  if (step) frames.push({ type: 'step', ...step });
  return frames;
}

/**
 * Fans build-log lines out to WebSocket watchers. Each NOTIFY of a build triggers one catch-up
 * read per build (serialized), delivered to every watcher past its own `since`.
 */
export class BuildLogHub {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly pumping = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Sends stored lines after `watcher.since`, then live ones, then `done`. */
  async attach(buildId: string, watcher: Watcher): Promise<void> {
    if (!(await buildState(this.db, buildId))) {
      watcher.close(4404, 'no such build');
      return;
    }
    let set = this.watchers.get(buildId);
    if (!set) {
      set = new Set();
      this.watchers.set(buildId, set);
    }
    set.add(watcher);
    await this.catchUp(buildId, [watcher]);
  }

  detach(buildId: string, watcher: Watcher): void {
    const set = this.watchers.get(buildId);
    set?.delete(watcher);
    if (set && !set.size) this.watchers.delete(buildId);
  }

  /** A NOTIFY for this build (new line or status change). */
  poke(buildId: string): void {
    if (!this.watchers.has(buildId)) return;
    if (this.pumping.has(buildId)) {
      this.dirty.add(buildId);
      return;
    }
    const run = (async () => {
      do {
        this.dirty.delete(buildId);
        await this.catchUp(buildId, [...(this.watchers.get(buildId) ?? [])]);
      } while (this.dirty.has(buildId));
    })()
      .catch((err) => this.logger.warn({ err, buildId }, 'build-log fan-out failed'))
      .finally(() => this.pumping.delete(buildId));
    this.pumping.set(buildId, run);
  }

  /** After a lost LISTEN connection: every watched build may have missed lines. */
  pokeAll(): void {
    for (const id of this.watchers.keys()) this.poke(id);
  }

  get size(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  private async catchUp(buildId: string, watchers: Watcher[]): Promise<void> {
    if (!watchers.length) return;
    // Read the status before the lines: if it is final, every line is already stored.
    const state = await buildState(this.db, buildId);
    let from = Math.min(...watchers.map((w) => w.since));
    for (let guard = 0; guard < 1000; guard++) {
      const rows = await buildLogsAfter(this.db, buildId, from, 1000);
      from = rows.at(-1)?.seq ?? from;
      for (const row of rows) {
        const frames = rowFrames(row);
        for (const w of watchers) {
          if (row.seq <= w.since) continue;
          for (const f of frames) w.send(f);
          w.since = row.seq;
        }
      }
      if (rows.length < 1000) break;
    }
    if (state && FINISHED.includes(state.status as never)) {
      for (const w of watchers) {
        w.send({ type: 'done', status: state.status, version: state.version ?? null, error: state.error });
        this.detach(buildId, w);
        w.close();
      }
    }
  }
}
