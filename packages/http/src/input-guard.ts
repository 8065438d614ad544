import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `{ body: false }`: the body is not walked (e.g. JSON-RPC the runner passes on and never stores). */
    inputGuard?: { body?: boolean };
  }
}

/** Deeper request JSON is refused: nothing we accept nests this far, and deep values overflow recursive code. */
export const MAX_INPUT_DEPTH = 64;

/** Postgres `integer`; request integers without their own bounds get these. */
export const INT4 = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

// A lone surrogate is a code point of category Cs only in `u` mode (a proper pair is one astral code point).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why Postgres cannot store this text, or null. NUL is refused by `text` and by `jsonb`; an unpaired
 * UTF-16 surrogate becomes a `\udXXX` escape that `jsonb` refuses (and silently U+FFFD in `text`).
 */
export function unsafeTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}

export interface UnsafeInput {
  /** JSON pointer of the offending value (for a bad property name: of the object holding it). */
  path: string;
  message: string;
}

const pointerSegment = (key: string | number) =>
  String(key).slice(0, 64).replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The first string or property name in `value` that Postgres cannot store, or nesting deeper than
 * `maxDepth`. Iterative, so a hostile depth cannot overflow the stack here.
 */
export function findUnsafeInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): UnsafeInput | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const v = item.value;
    if (typeof v === 'string') {
      const reason = unsafeTextReason(v);
      if (reason) return { path: item.path, message: reason };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (item.depth >= maxDepth)
      return { path: item.path, message: `must not nest deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: `${item.path}/${i}`, depth: item.depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      const reason = unsafeTextReason(key);
      if (reason) return { path: item.path, message: `has a property name that ${reason}` };
      stack.push({ value: child, path: `${item.path}/${pointerSegment(key)}`, depth: item.depth + 1 });
    }
  }
  return null;
}

type Context = 'params' | 'querystring' | 'body';

/**
 * Shaped like Fastify's schema-validation error, so every error handler (problem+json, the OAuth
 * ones) renders it as the validation failure it is: 400, the field, the reason.
 */
export class UnsafeInputError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  readonly validation: Array<{
    keyword: string;
    instancePath: string;
    schemaPath: string;
    params: Record<string, unknown>;
    message: string;
  }>;

  constructor(
    readonly validationContext: Context,
    found: UnsafeInput,
  ) {
    super(`${validationContext}${found.path} ${found.message}`);
    this.validation = [
      {
        keyword: 'storableText',
        instancePath: found.path,
        schemaPath: '',
        params: {},
        message: found.message,
      },
    ];
  }
}

/** Throws UnsafeInputError for the first unstorable value of params, query or body. */
export function checkRequestInput(request: FastifyRequest): void {
  const parts: Array<[Context, unknown]> = [
    ['params', request.params],
    ['querystring', request.query],
  ];
  if (request.routeOptions.config?.inputGuard?.body !== false) parts.push(['body', request.body]);
  for (const [context, value] of parts) {
    const found = findUnsafeInput(value);
    if (found) throw new UnsafeInputError(context, found);
  }
}

type Schema = Record<string, unknown>;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;

const isSchema = (s: unknown): s is Schema => typeof s === 'object' && s !== null && !Array.isArray(s);

/**
 * A copy of `schema` in which every `integer` without its own bounds is limited to Postgres `integer`:
 * an unbounded integer reaches SQL as an out-of-range value and fails there (a 500), not here (a 400).
 */
export function boundIntegers(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  const out: Schema = { ...schema };
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('integer')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INT4.maximum;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INT4.minimum;
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isSchema(map))
      out[key] = Object.fromEntries(Object.entries(map).map(([k, s]) => [k, boundIntegers(s)]));
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) out[key] = list.map(boundIntegers);
  }
  for (const key of SUBSCHEMAS) if (isSchema(schema[key])) out[key] = boundIntegers(schema[key]);
  return out;
}

/**
 * Input hardening shared by every service: every string of params, query and body must be storable
 * in Postgres (no NUL, no lone surrogates, bounded depth) — checked before schema validation, so it
 * holds for free-form JSON (specs, client metadata, form bodies) too — and every request integer is
 * bounded. Register it before the routes.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    const bounded: Record<string, unknown> = { ...schema };
    for (const part of ['body', 'querystring', 'query', 'params', 'headers'] as const)
      if (schema[part] !== undefined) bounded[part] = boundIntegers(schema[part]);
    route.schema = bounded;
  });
  app.addHook('preValidation', async (request) => checkRequestInput(request));
}
