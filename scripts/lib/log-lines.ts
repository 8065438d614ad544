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

/** Prints each line of a child's output with a fixed-width, colored service prefix; keeps the last lines. */
export function pipeWithPrefix(
  stream: Readable,
  prefix: string,
  color: (s: string) => string,
  tail: string[],
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  const rl = createInterface({ input: stream });
  rl.on('line', (line) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    write(`${color(prefix)} ${formatLine(line)}\n`);
  });
}
