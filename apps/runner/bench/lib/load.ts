/**
 * The load generator of the runner benchmark, in its own process so it never shares an event loop
 * with the servers it measures. Replays one recorded request over `connections` keep-alive
 * connections for `durationMs`, checks every response, and prints one JSON line of results.
 */
import { Pool } from 'undici';

interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** A substring every good response body contains. */
  expect: string;
  connections: number;
  durationMs: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const url = new URL(spec.url);
const pool = new Pool(url.origin, { connections: spec.connections, pipelining: 1 });
const latencies: number[] = [];
let bad = 0;
let firstBad: string | undefined;
const deadline = performance.now() + spec.durationMs;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    try {
      const res = await pool.request({
        path: url.pathname,
        method: 'POST',
        headers: spec.headers,
        body: spec.body,
      });
      const text = await res.body.text();
      latencies.push(performance.now() - t0);
      if (res.statusCode !== 200 || !text.includes(spec.expect)) {
        bad++;
        firstBad ??= `${res.statusCode} ${text.slice(0, 300)}`;
      }
    } catch (err) {
      bad++;
      firstBad ??= String(err);
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: spec.connections }, worker));
const elapsed = performance.now() - started;
await pool.close();
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, bad, firstBad, elapsedMs: elapsed, p50: pct(50), p99: pct(99) })}\n`,
);
