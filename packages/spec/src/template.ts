/** `{{input.path}}`, `{{secrets.NAME}}`, `{{upstream.<id>.accessToken}}`, `{{args.x}}` placeholders in http tool templates and prompts. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\.([A-Za-z0-9_.-]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([a-zA-Z]+)\.([A-Za-z0-9_.-]+)\s*\}\}$/;

export interface TemplateRef {
  source: string;
  path: string;
}

/** Every placeholder in a string; anything `{{…}}` that is not one is reported by `validateSpec`. */
export function templateRefs(template: string): TemplateRef[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ source: m[1]!, path: m[2]! }));
}

/** Strings anywhere inside a value (headers, query, body). */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
  return out;
}

export type TemplateContext = Record<string, Record<string, unknown>>;

function lookup(context: TemplateContext, source: string, path: string): unknown {
  let value: unknown = context[source];
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Renders a string template; `encode` escapes each substituted value (URL path segments). */
export function renderString(
  template: string,
  context: TemplateContext,
  encode?: (s: string) => string,
): string {
  return template.replace(PLACEHOLDER, (_m, source: string, path: string) => {
    const text = asText(lookup(context, source, path));
    return encode ? encode(text) : text;
  });
}

/**
 * Renders a JSON value: a string that is exactly one placeholder becomes the referenced value
 * with its type (numbers stay numbers); other strings are rendered as text; unset values are dropped.
 */
export function renderValue(value: unknown, context: TemplateContext): unknown {
  if (typeof value === 'string') {
    const whole = value.match(WHOLE);
    return whole ? lookup(context, whole[1]!, whole[2]!) : renderString(value, context);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context)).filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const rendered = renderValue(v, context);
      if (rendered !== undefined) out[k] = rendered;
    }
    return out;
  }
  return value;
}
