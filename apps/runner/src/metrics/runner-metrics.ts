import { Counter, Gauge, Histogram, LATENCY_BUCKETS, type Registry } from '@bmm/http';
import { sandboxStats } from '@bmm/sandbox';
import type { Denylist } from '../auth/denylist.js';
import type { ServerRegistry } from '../hosting/registry.js';
import type { UsageEvent } from '../usage/usage-recorder.js';

export interface RunnerMetrics {
  /** Every recorded tool call (subscribed to the usage recorder: one place counts both). */
  toolCall(event: UsageEvent): void;
  /** The verifier's cache lookups. */
  tokenCacheLookup(hit: boolean): void;
  /** Who answered an MCP POST: the fast path alone, the fast path with the SDK encoding (replay), or the SDK. */
  mcpServed(path: 'fast' | 'replay' | 'sdk'): void;
}

/**
 * The runner's domain metrics. Labels are bounded: an outcome, never a server, tool, user or token
 * (per-server numbers are the product's usage pages, not Prometheus series).
 * Longer than 60 lines: it is the list of the metrics' definitions, one block each.
 */
export function createRunnerMetrics(
  registry: Registry,
  sources: { denylist: Denylist; registry: ServerRegistry },
): RunnerMetrics {
  const registers = [registry];
  const calls = new Counter({
    name: 'bmm_runner_tool_calls_total',
    help: 'Tool calls by outcome (ok, error).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'bmm_runner_tool_call_duration_seconds',
    help: 'Tool call latency (sandbox and upstream time), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  // Children bound once: a labelled inc/observe hashes its labels on every call.
  const byOutcome = {
    ok: { calls: calls.labels({ outcome: 'ok' }), duration: duration.labels({ outcome: 'ok' }) },
    error: { calls: calls.labels({ outcome: 'error' }), duration: duration.labels({ outcome: 'error' }) },
  };
  for (const outcome of ['ok', 'error']) {
    calls.inc({ outcome }, 0);
    duration.zero({ outcome });
  }
  const lookups = new Counter({
    name: 'bmm_runner_token_cache_lookups_total',
    help: 'Access-token verifications by cache result (hit: no signature check needed).',
    labelNames: ['result'] as const,
    registers,
  });
  const lookupHit = lookups.labels({ result: 'hit' });
  const lookupMiss = lookups.labels({ result: 'miss' });
  lookupHit.inc(0);
  lookupMiss.inc(0);
  const served = new Counter({
    name: 'bmm_runner_mcp_requests_total',
    help: 'Authorized MCP requests by who answered them (fast: the fast path; replay: fast path run, SDK-encoded result; sdk: the SDK).',
    labelNames: ['path'] as const,
    registers,
  });
  const servedBy = {
    fast: served.labels({ path: 'fast' }),
    replay: served.labels({ path: 'replay' }),
    sdk: served.labels({ path: 'sdk' }),
  };
  for (const child of Object.values(servedBy)) child.inc(0);
  new Gauge({
    name: 'bmm_runner_sandbox_calls_in_flight',
    help: 'Code-tool calls queued on or running in the sandbox worker pool.',
    registers,
    collect() {
      this.set(sandboxStats().inFlight);
    },
  });
  new Gauge({
    name: 'bmm_runner_sandbox_calls',
    help: 'Code-tool calls in the sandbox pool by state: queued (in per-org queues) or running on a worker.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const stats = sandboxStats();
      this.set({ state: 'queued' }, stats.queued);
      this.set({ state: 'running' }, stats.running);
    },
  });
  new Gauge({
    name: 'bmm_runner_sandbox_orgs_waiting',
    help: 'Orgs with code-tool calls queued for the sandbox pool (served round robin).',
    registers,
    collect() {
      this.set(sandboxStats().orgsWaiting);
    },
  });
  new Gauge({
    name: 'bmm_runner_sandbox_org_queue_max',
    help: "Calls waiting in the longest org's sandbox queue.",
    registers,
    collect() {
      this.set(sandboxStats().longestOrgQueue);
    },
  });
  new Gauge({
    name: 'bmm_runner_sandbox_workers',
    help: 'Sandbox worker threads alive.',
    registers,
    collect() {
      this.set(sandboxStats().workers);
    },
  });
  new Gauge({
    name: 'bmm_runner_sandbox_workers_demoted',
    help: 'Sandbox worker threads running at the lowest OS priority: inside a long VM slice (a runaway or CPU-heavy tool).',
    registers,
    collect() {
      this.set(sandboxStats().demoted);
    },
  });
  new Counter({
    name: 'bmm_runner_sandbox_vm_seconds_total',
    help: 'VM (CPU) time spent by code tools in QuickJS, in this process and its sandbox workers.',
    registers,
    collect() {
      this.reset();
      this.inc(sandboxStats().vmSeconds);
    },
  });
  new Gauge({
    name: 'bmm_runner_denylist_entries',
    help: 'Revoked access-token ids held in memory.',
    registers,
    collect() {
      this.set(sources.denylist.size);
    },
  });
  new Gauge({
    name: 'bmm_runner_hosted_versions',
    help: 'Hosted server versions loaded in memory.',
    registers,
    collect() {
      this.set(sources.registry.loaded);
    },
  });
  new Counter({
    name: 'bmm_runner_version_cache_evictions_total',
    help: 'Hosted versions dropped from memory to stay within RUNNER_VERSION_CACHE_SIZE (least recently used first).',
    registers,
    collect() {
      this.reset();
      this.inc(sources.registry.evictions);
    },
  });
  const versionLoads = new Histogram({
    name: 'bmm_runner_version_load_seconds',
    help: 'Loading a hosted version into memory: database read, secret decryption, schema compilation.',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  sources.registry.onLoad((seconds) => versionLoads.observe(seconds));
  return {
    toolCall(event) {
      const metrics = byOutcome[event.status];
      metrics.calls.inc();
      metrics.duration.observe(event.durationMs / 1000);
    },
    tokenCacheLookup(hit) {
      (hit ? lookupHit : lookupMiss).inc();
    },
    mcpServed(path) {
      servedBy[path].inc();
    },
  };
}
