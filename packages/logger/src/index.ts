import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, at any depth. */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'token',
  'value',
  'client_secret',
  'access_token',
  'refresh_token',
  'code_verifier',
  'ticket',
  'apiKey',
  'key',
] as const;

const SENSITIVE = new Set<string>(REDACTED_KEYS.map((k) => k.toLowerCase()));

/** Replaces the value of every sensitive key, however deep, with "[redacted]". */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  // Class instances (requests, errors, buffers) are left to pino's serializers.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE.has(k.toLowerCase()) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

export interface CreateLoggerOptions {
  name: string;
  level?: string;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Pretty, colored lines; defaults to whether stdout is a terminal. */
  pretty?: boolean;
}

/**
 * Fields merged into every log line: @bmm/telemetry sets it to the active trace and span ids when
 * tracing is on, so a log line leads to its trace. Unset (the default), it costs one check per line.
 */
export const logContext: { fields?: () => Record<string, string> | undefined } = {};

export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    mixin: () => logContext.fields?.() ?? {},
    // pino's path redaction cannot express "at any depth"; a formatter walks every object instead.
    formatters: { log: (obj) => redact(obj) as Record<string, unknown> },
    serializers: {
      req: (req) => ({
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  };
  if (options.destination) return pino(config, options.destination);
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (pretty) {
    return pino({
      ...config,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(config);
}

const SENSITIVE_QUERY = /([?&](?:ticket|token|code|access_token|refresh_token|client_secret|state)=)[^&]*/gi;

/** Hides credential-bearing query parameters (WebSocket tickets, codes) in logged URLs. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SENSITIVE_QUERY, '$1[redacted]');
}
