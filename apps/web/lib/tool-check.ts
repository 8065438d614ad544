/**
 * Checks a tool as it is typed in the wizard's JSON editor, with the same rules as the ServerSpec
 * JSON Schema in packages/spec (the API validates the whole spec again on submit).
 */
const TOOL_KEYS = new Set([
  'name',
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
  'scopes',
  'impl',
  'examples',
]);
const HINTS = new Set(['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export type ToolCheck = { ok: true; tool: Record<string, unknown> } | { ok: false; errors: string[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Backreferences and lookaround: what RE2, the servers' linear-time regex engine, cannot run. */
const NOT_RE2 = /\\[1-9]|\\k<|\(\?[=!]|\(\?<[=!]/;
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

/**
 * Early word on `pattern`s the API will refuse (it compiles them on RE2 at submit). Nothing here
 * runs a user's pattern: it is only scanned as text.
 */
function patternsRe2Refuses(schema: unknown, path: string): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => patternsRe2Refuses(s, `${path}.${i}`));
  if (!isObject(schema)) return [];
  const out: string[] = [];
  const message = (at: string) =>
    `${at}: backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) cannot run on the servers' regex engine (RE2).`;
  for (const [key, value] of Object.entries(schema)) {
    if (DATA_KEYWORDS.has(key)) continue;
    if (key === 'pattern' && typeof value === 'string') {
      if (NOT_RE2.test(value)) out.push(message(`${path}.pattern`));
    } else if (key === 'patternProperties' && isObject(value)) {
      for (const [p, sub] of Object.entries(value)) {
        if (NOT_RE2.test(p)) out.push(message(`${path}.patternProperties[${JSON.stringify(p)}]`));
        out.push(...patternsRe2Refuses(sub, `${path}.patternProperties`));
      }
    } else out.push(...patternsRe2Refuses(value, `${path}.${key}`));
  }
  return out;
}

export function checkToolJson(text: string, otherNames: string[] = []): ToolCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`Not valid JSON: ${(err as Error).message}`] };
  }
  if (!isObject(value)) return { ok: false, errors: ['A tool is a JSON object.'] };
  const errors: string[] = [];
  for (const key of Object.keys(value)) if (!TOOL_KEYS.has(key)) errors.push(`Unknown property "${key}".`);
  const { name, description, inputSchema, annotations, impl, scopes } = value;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    errors.push('name: 1–64 letters, digits, "_", "." or "-".');
  else if (otherNames.includes(name)) errors.push(`name: another tool is already called "${name}".`);
  if (typeof description !== 'string' || description.trim() === '' || description.length > 2000)
    errors.push('description: a non-empty sentence (at most 2000 characters).');
  if (!isObject(inputSchema) || inputSchema.type !== 'object')
    errors.push('inputSchema: a JSON Schema with "type": "object".');
  else for (const where of patternsRe2Refuses(inputSchema, 'inputSchema')) errors.push(where);
  if (annotations !== undefined) {
    if (!isObject(annotations)) errors.push('annotations: an object.');
    else
      for (const [k, v] of Object.entries(annotations)) {
        if (!HINTS.has(k)) errors.push(`annotations: unknown hint "${k}".`);
        else if (typeof v !== 'boolean') errors.push(`annotations.${k}: true or false.`);
      }
  }
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) ||
      scopes.some((s) => typeof s !== 'string' || !/^[A-Za-z0-9_:.-]{1,64}$/.test(s)))
  )
    errors.push('scopes: a list of scope names like "mcp:tools".');
  if (!isObject(impl)) errors.push('impl: { "kind": "http", … } or { "kind": "code", "source": … }.');
  else if (impl.kind === 'http') {
    if (typeof impl.method !== 'string' || !METHODS.has(impl.method))
      errors.push('impl.method: GET, POST, PUT, PATCH or DELETE.');
    if (typeof impl.url !== 'string' || !/^https?:\/\/.{4,}/.test(impl.url))
      errors.push('impl.url: an http(s) URL.');
  } else if (impl.kind === 'code') {
    if (typeof impl.source !== 'string' || impl.source.trim() === '')
      errors.push('impl.source: the module source.');
  } else errors.push('impl.kind: "http" or "code".');
  return errors.length ? { ok: false, errors } : { ok: true, tool: value };
}

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * Format problems the browser can see before asking the API; null when the slug looks fine. Reserved
 * and taken slugs are the API's to say (`GET /v1/servers/slug-availability`, see use-slug-check.ts).
 */
export function slugProblem(slug: string): string | null {
  if (slug.length < 3) return 'At least 3 characters.';
  if (slug.length > 40) return 'At most 40 characters.';
  if (!SLUG_RE.test(slug) || slug.includes('--'))
    return 'Lower-case letters, digits and single inner hyphens; start and end with a letter or digit.';
  return null;
}

export const NEW_TOOL_TEMPLATE = JSON.stringify(
  {
    name: 'new_tool',
    description: 'What this tool does, in one sentence.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    annotations: { readOnlyHint: true },
    impl: {
      kind: 'code',
      source:
        'export default async function (input, ctx) {\n  return { content: [{ type: "text", text: input.text }] };\n}',
    },
  },
  null,
  2,
);
