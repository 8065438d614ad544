import type { JsonSchema } from '@bmm/spec';
import type { OpenApiVersion } from './parse.js';

const MAX_DEPTH = 12;
const DROP = new Set(['discriminator', 'xml', 'externalDocs', 'nullable', 'example', 'collectionFormat']);

/**
 * An OpenAPI schema object (already dereferenced) as JSON Schema 2020-12: `nullable` becomes a
 * type union, `example` becomes `examples`, Swagger's `type: file` a binary string, vendor
 * extensions go, and recursion (left as `$ref` by the parser, or cyclic objects) is cut to `{}`.
 */
export function toJsonSchema(schema: unknown, version: OpenApiVersion): JsonSchema {
  return convert(schema, version, 0, new WeakSet()) as JsonSchema;
}

function convert(
  value: unknown,
  version: OpenApiVersion,
  depth: number,
  ancestors: WeakSet<object>,
): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, version, depth + 1, ancestors));
  if (!value || typeof value !== 'object') return value;
  if (ancestors.has(value) || depth > MAX_DEPTH) return { description: 'Recursive structure (any value).' };
  const src = value as Record<string, unknown>;
  if (typeof src.$ref === 'string') return { description: `Recursive reference ${src.$ref} (any value).` };
  ancestors.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(src)) {
    if (key.startsWith('x-') || DROP.has(key)) continue;
    if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') {
      if (v && typeof v === 'object') {
        out[key] = Object.fromEntries(
          Object.entries(v).map(([k, s]) => [k, convert(s, version, depth + 1, ancestors)]),
        );
      }
      continue;
    }
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples' || key === 'required') {
      out[key] = v;
      continue;
    }
    out[key] = convert(v, version, depth + 1, ancestors);
  }
  ancestors.delete(value);
  if (src.example !== undefined && out.examples === undefined) out.examples = [src.example];
  if (version !== '3.1' && src.nullable === true && typeof src.type === 'string')
    out.type = [src.type, 'null'];
  if (src.type === 'file') {
    out.type = 'string';
    out.format = 'binary';
  }
  // OpenAPI 3.0 / Swagger: boolean exclusiveMinimum/Maximum modify minimum/maximum.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] === true && typeof out[bound] === 'number') {
        out[flag] = out[bound];
        delete out[bound];
      } else delete out[flag];
    }
  }
  return out;
}

/** A value that fits the schema as far as cheaply possible: examples, defaults, enums, then types. */
export function sampleValue(schema: JsonSchema | undefined, mode: 'required' | 'full', depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 6) return null;
  const s = schema as Record<string, any>;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((e: unknown) => e !== null) ?? s.enum[0];
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]) && s[key].length) return sampleValue(s[key][0], mode, depth + 1);
  }
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const parts = s.allOf.map((p: JsonSchema) => sampleValue(p, mode, depth + 1));
    if (parts.every((p: unknown) => p && typeof p === 'object' && !Array.isArray(p)))
      return Object.assign({}, ...parts, sampleObject(s, mode, depth));
    return parts[0];
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return sampleString(s);
    case 'integer':
      return typeof s.minimum === 'number'
        ? Math.ceil(s.minimum)
        : typeof s.exclusiveMinimum === 'number'
          ? Math.floor(s.exclusiveMinimum) + 1
          : 1;
    case 'number':
      return typeof s.minimum === 'number'
        ? s.minimum
        : typeof s.exclusiveMinimum === 'number'
          ? s.exclusiveMinimum + 1
          : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return Array.from({ length: Math.min(count, 3) }, () => sampleValue(s.items, mode, depth + 1));
    }
    default:
      if (type === 'object' || s.properties) return sampleObject(s, mode, depth);
      return mode === 'full' ? {} : null;
  }
}

function sampleObject(
  s: Record<string, any>,
  mode: 'required' | 'full',
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
  for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
    if (mode === 'required' && !required.has(key)) continue;
    if ((prop as Record<string, unknown>).readOnly === true && mode === 'required') continue;
    out[key] = sampleValue(prop, mode, depth + 1);
  }
  return out;
}

function sampleString(s: Record<string, any>): string {
  const byFormat: Record<string, string> = {
    'date-time': '2026-01-15T09:30:00Z',
    date: '2026-01-15',
    time: '09:30:00Z',
    email: 'someone@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    ipv4: '192.0.2.1',
    hostname: 'example.com',
    byte: 'ZXhhbXBsZQ==',
  };
  let value = byFormat[s.format as string] ?? 'example';
  if (typeof s.minLength === 'number' && value.length < s.minLength) value = value.padEnd(s.minLength, 'x');
  if (typeof s.maxLength === 'number' && value.length > s.maxLength)
    value = value.slice(0, Math.max(1, s.maxLength));
  return value;
}
