import type { Server } from 'node:http';
import { ConfigError } from '@bmm/config';
import type { FastifyInstance } from 'fastify';
import { startMetricsServer } from './metrics.js';

export interface RunOptions {
  name: string;
  host: string;
  port: number;
  /** Extra work to stop after the HTTP server closed (workers, listeners, pools). */
  onShutdown?: () => Promise<void>;
  /** Serve the app's metrics registry (`app.metrics`) on its own port (METRICS_PORT). */
  metrics?: { host: string; port: number };
}

/** Where a service listens, from its config: HOST and PORT, plus its own metrics port when METRICS_PORT is set. */
export function listenOptions(config: {
  HOST: string;
  PORT: number;
  METRICS_HOST?: string;
  METRICS_PORT?: number;
}): Pick<RunOptions, 'host' | 'port' | 'metrics'> {
  return {
    host: config.HOST,
    port: config.PORT,
    ...(config.METRICS_PORT && {
      metrics: { host: config.METRICS_HOST ?? config.HOST, port: config.METRICS_PORT },
    }),
  };
}

/** Prints one clear sentence for start-up failures people can fix, instead of a stack trace. */
export function exitWithStartupError(name: string, err: unknown): never {
  const e = err as NodeJS.ErrnoException;
  let message: string;
  if (err instanceof ConfigError) message = err.message;
  else if (e?.code === 'EADDRINUSE')
    message = `${name}: the port is already in use. Stop what uses it or set PORT (or METRICS_PORT).`;
  else if (e?.code === 'ECONNREFUSED')
    message = `${name}: cannot reach Postgres (${e.message}). Is DATABASE_URL right and the database running?`;
  else message = `${name} failed to start: ${e?.message ?? String(err)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Listens, and closes gracefully (in-flight requests finish) on SIGINT/SIGTERM. */
export async function runService(app: FastifyInstance, options: RunOptions): Promise<void> {
  let stopping = false;
  let metricsServer: Server | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, `${options.name} shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      metricsServer?.closeAllConnections();
      metricsServer?.close();
      await options.onShutdown?.();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    await app.listen({ host: options.host, port: options.port });
    if (options.metrics) {
      metricsServer = await startMetricsServer(app.metrics, options.metrics);
      app.log.info({ port: options.metrics.port }, `${options.name} metrics on /metrics`);
    }
  } catch (err) {
    await options.onShutdown?.().catch(() => {});
    exitWithStartupError(options.name, err);
  }
}
