import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const COLORS = [36, 35, 33, 32, 34, 91, 96];
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

export function colorFor(index: number): (s: string) => string {
  const code = COLORS[index % COLORS.length];
  return (s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
}

/** Turns a pino JSON line into one readable line; other lines pass through. */
export function formatLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, any>;
    const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 19);
    const level = LEVELS[entry.level as number] ?? 'INFO ';
    const req = entry.req ? ` ${entry.req.method} ${entry.req.url}` : '';
    const res = entry.res
      ? ` → ${entry.res.statusCode}${entry.responseTime ? ` ${Math.round(entry.responseTime)}ms` : ''}`
      : '';
    const err = entry.err?.message ? ` (${entry.err.message})` : '';
    return `${time} ${level} ${entry.msg ?? ''}${req}${res}${err}`;
  } catch {
    return line;
  }
}

/**
 * An email the api wrote to its log instead of sending (no SMTP_URL): `{ outbox: { to, subject, link } }`.
 * Returns the one line the launcher prints for it, or null for any other line.
 */
export function outboxLine(line: string): string | null {
  if (!line.startsWith('{') || !line.includes('"outbox"')) return null;
  try {
    const { outbox } = JSON.parse(line) as {
      outbox?: { to?: string; subject?: string; link?: string | null };
    };
    if (!outbox?.to || !outbox.link) return null;
    return `✉ no SMTP_URL, so this email was not sent — ${outbox.subject ?? 'email'} for ${outbox.to}: ${outbox.link}`;
  } catch {
    return null;
  }
}

/**
 * Prints each line of a child's output with a fixed-width, colored service prefix; keeps the last lines.
 * `own` may claim a line and print it in the launcher's voice instead.
 */
export function pipeWithPrefix(
  stream: Readable,
  prefix: string,
  color: (s: string) => string,
  tail: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
  own?: (line: string) => boolean,
): void {
  const rl = createInterface({ input: stream });
  rl.on('line', (line) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    if (own?.(line)) return;
    write(`${color(prefix)} ${formatLine(line)}\n`);
  });
}
