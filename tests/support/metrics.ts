/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (what prom-client writes): samples only, comments skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/);
    if (!m) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sum of the samples of a metric whose labels include `match`. */
export function sum(samples: Sample[], name: string, match: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

/** Metric family names present (histogram/summary suffixes stripped too, so both forms match). */
export function familyNames(samples: Sample[]): Set<string> {
  const names = new Set<string>();
  for (const s of samples) {
    names.add(s.name);
    names.add(s.name.replace(/_(bucket|sum|count|created)$/, ''));
  }
  return names;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A random identifier or token: long, no separators, mixed case and digits (jti, client_id, access token). */
const RANDOM = /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_.~+/=-]{16,}$/;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** Why a label value must not be exported (an id, a token, an email), or null. */
export function unsafeLabelValue(value: string): string | null {
  if (UUID.test(value)) return 'looks like a uuid';
  if (EMAIL.test(value)) return 'looks like an email';
  if (/^bmm_|^eyJ|bearer/i.test(value)) return 'looks like a token';
  if (RANDOM.test(value)) return 'looks like a random id or token';
  if (value.length > 100) return 'is unbounded';
  return null;
}

/** Our metric names a PromQL expression reads (`up` and label names aside). */
export function promqlMetricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...new Set(withoutStrings.match(/\b(?:bmm|http|process|nodejs)_[a-z0-9_]+\b/g) ?? [])];
}
