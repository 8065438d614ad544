import { randomUUID } from 'node:crypto';
import { hostilePathSegment, hostileString, hostileValue, malformedJson } from '@bmm/http/testing';
import fc from 'fast-check';

/** What a fuzz case may use to get past authentication and reach the handlers with real ids. */
export interface Seeds {
  cookie: string;
  origin: string;
  apiKey: string;
  /** Real values for path params and uuid fields, by name (`id` of a server, `userId`, …). */
  ids: Record<string, string>;
  /** Real values for body fields by name (a valid `spec`, the server's `slug`). */
  bodies: Record<string, unknown>;
}

type Schema = Record<string, any>;

type ParamCase = { kind: 'valid' } | { kind: 'raw'; value: string };
type QueryCase =
  | { kind: 'valid' }
  | { kind: 'replace'; index: number; value: string }
  | { kind: 'raw'; index: number; value: string }
  | { kind: 'extra'; name: string; value: string }
  | { kind: 'repeat'; index: number };
type BodyCase =
  | { kind: 'valid' }
  | { kind: 'none' }
  | { kind: 'mutate'; index: number; value: unknown }
  | { kind: 'drop'; index: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'replace'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'huge' };

export interface Case {
  auth: 'session' | 'key' | 'none' | 'forged';
  params: ParamCase[];
  query: QueryCase;
  body: BodyCase;
}

export interface Outcome {
  status: number;
  contentType: string;
  body: string;
}

export interface Operation {
  method: string;
  path: string;
  arbitrary: fc.Arbitrary<Case>;
  /** Why this outcome is wrong, or null. */
  judge(out: Outcome): string | null;
  pathParams: string[];
  queryParams: Array<{ name: string; required: boolean; schema: Schema }>;
  bodySchema: Schema | undefined;
  documented: Set<string>;
}

const WITH_BODY = new Set(['post', 'put', 'patch', 'delete']);

/** One Operation per method × path of an OpenAPI 3.1 document. */
export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as Array<{
        name: string;
        in: string;
        required?: boolean;
        schema: Schema;
      }>;
      const pathParams = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      const queryParams = parameters
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      const documented = new Set(Object.keys(op.responses ?? {}));
      const operation: Operation = {
        method: method.toUpperCase(),
        path,
        pathParams,
        queryParams,
        bodySchema,
        documented,
        arbitrary: caseArbitrary(pathParams.length, queryParams.length, WITH_BODY.has(method)),
        judge: (o) => judge(documented, o),
      };
      out.push(operation);
    }
  }
  return out;
}

function judge(documented: Set<string>, out: Outcome): string | null {
  const status = String(out.status);
  if (out.status >= 500) return `answered ${status}: ${out.body.slice(0, 200)}`;
  if (!documented.has(status) && !documented.has(`${status[0]}XX`) && !documented.has('default'))
    return `answered ${status}, which is not documented (${[...documented].join(', ')}): ${out.body.slice(0, 200)}`;
  if (out.status >= 400 && !out.contentType.startsWith('application/problem+json'))
    return `answered ${status} as ${out.contentType || 'no content type'}, not problem+json`;
  return null;
}

function caseArbitrary(pathCount: number, queryCount: number, withBody: boolean): fc.Arbitrary<Case> {
  const param: fc.Arbitrary<ParamCase> = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'valid' as const }) },
    { weight: 2, arbitrary: hostilePathSegment.map((value) => ({ kind: 'raw' as const, value })) },
  );
  const index = fc.nat({ max: 1000 });
  const queryValue = fc.oneof(
    hostileString,
    fc.constantFrom('2147483648', '1e20', '-1', '9999999999999999999'),
  );
  const query: fc.Arbitrary<QueryCase> = fc.oneof(
    fc.constant({ kind: 'valid' as const }),
    fc.record({ kind: fc.constant('extra' as const), name: hostileString, value: queryValue }),
    ...(queryCount > 0
      ? [
          fc.record({ kind: fc.constant('replace' as const), index, value: queryValue }),
          fc.record({
            kind: fc.constant('raw' as const),
            index,
            value: fc.constantFrom('%00', '%E0%A4%A', '%ED%A0%80', '%', '%%', '%zz'),
          }),
          fc.record({ kind: fc.constant('repeat' as const), index }),
        ]
      : []),
  );
  const body: fc.Arbitrary<BodyCase> = withBody
    ? fc.oneof(
        { weight: 2, arbitrary: fc.constant({ kind: 'valid' as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
        {
          weight: 6,
          arbitrary: fc.record({ kind: fc.constant('mutate' as const), index, value: hostileValue }),
        },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), index }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('extra' as const),
            key: hostileString,
            value: hostileValue,
          }),
        },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: hostileValue }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('raw' as const),
            text: malformedJson,
            contentType: fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/json; charset=latin1',
              'multipart/form-data; boundary=x',
            ),
          }),
        },
        { weight: 1, arbitrary: fc.constant({ kind: 'huge' as const }) },
      )
    : fc.constant({ kind: 'none' as const });
  return fc.record({
    auth: fc.constantFrom(
      'session' as const,
      'session' as const,
      'key' as const,
      'none' as const,
      'forged' as const,
    ),
    params: fc.array(param, { minLength: pathCount, maxLength: pathCount }),
    query,
    body,
  });
}

/** A plausible valid value for a schema (so that one mutated field is the only thing wrong). */
export function sampleOf(schema: Schema | undefined, name: string, seeds: Seeds): unknown {
  if (!schema) return undefined;
  if (name in seeds.bodies) return structuredClone(seeds.bodies[name]);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return sampleOf(alternatives[0], name, seeds);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return seeds.ids[name] ?? randomUUID();
      if (schema.format === 'email' || name === 'email')
        return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.pattern && /A-Z/.test(schema.pattern)) return 'FUZZ_KEY';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 12));
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.minItems ? [sampleOf(schema.items, name, seeds)] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      // Optional properties too, so a case gets past `minProperties` and exercises every field.
      for (const key of Object.keys(schema.properties ?? {}))
        out[key] = sampleOf(schema.properties[key], key, seeds);
      return out;
    }
    default:
      return {};
  }
}

/** Every location inside a JSON value, as key paths (the root is []). */
function locations(value: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(at);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) locations(v, [...at, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) locations(v, [...at, k], out);
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? undefined : value;
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], root);
  const last = path.at(-1) as string | number;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return root;
}

/**
 * Percent-encodes the UTF-8 bytes of `s` (encodeURIComponent throws on lone surrogates; on the wire
 * they can only arrive as U+FFFD or as invalid bytes, which the raw cases send).
 */
export const q = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** A case as one short line: long strings cut, so a failure report stays readable. */
export function describeCase(c: unknown): string {
  return JSON.stringify(c, (_k, v) =>
    typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length} chars)` : v,
  );
}

/** The inject options of one case. Destructive calls (DELETE, logout) never touch the seeded resources. */
export function requestCase(op: Operation, c: Case, seeds: Seeds) {
  const destructive = op.method === 'DELETE';
  const paramValue = (name: string, i: number) => {
    const p = c.params[i] ?? { kind: 'valid' };
    if (p.kind === 'raw') return p.value;
    if (destructive) return name === 'name' ? 'FUZZ_KEY' : randomUUID();
    if (op.path.startsWith('/v1/builds/') && name === 'id') return seeds.ids.buildId ?? randomUUID();
    return q(seeds.ids[name] ?? randomUUID());
  };
  let i = 0;
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => paramValue(name, i++));

  const query: Array<[string, string]> = op.queryParams
    .filter((p) => p.required)
    .map((p) => [q(p.name), q(String(sampleOf(p.schema, p.name, seeds)))]);
  const pick = (index: number) => op.queryParams[index % op.queryParams.length] as { name: string };
  switch (c.query.kind) {
    case 'replace':
      query.push([q(pick(c.query.index).name), q(c.query.value)]);
      break;
    case 'raw':
      query.push([q(pick(c.query.index).name), c.query.value]);
      break;
    case 'extra':
      query.push([q(c.query.name), q(c.query.value)]);
      break;
    case 'repeat': {
      const name = pick(c.query.index).name;
      query.push([q(name), '1'], [q(name), '2']);
      break;
    }
  }
  const url = query.length ? `${path}?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : path;

  const headers: Record<string, string> = {};
  const auth = c.auth === 'session' && /\/auth\/logout$/.test(op.path) ? 'none' : c.auth;
  if (auth === 'session') Object.assign(headers, { cookie: seeds.cookie, origin: seeds.origin });
  if (auth === 'key') headers.authorization = `Bearer ${seeds.apiKey}`;
  if (auth === 'forged')
    Object.assign(headers, {
      cookie: 'bmm_session=%00%ED%A0%80',
      authorization: 'Bearer bmm_live_%00',
      origin: seeds.origin,
    });

  let payload: string | undefined;
  const base = () => sampleOf(op.bodySchema, '', seeds) ?? {};
  switch (c.body.kind) {
    case 'valid':
      if (op.bodySchema) payload = JSON.stringify(base());
      break;
    case 'mutate': {
      const value = base();
      const spots = locations(value);
      payload = JSON.stringify(setAt(value, spots[c.body.index % spots.length] ?? [], c.body.value));
      break;
    }
    case 'drop': {
      const value = base();
      const spots = locations(value).filter((p) => p.length > 0);
      const spot = spots[c.body.index % Math.max(spots.length, 1)];
      payload = JSON.stringify(spot ? setAt(value, spot, undefined, true) : value);
      break;
    }
    case 'extra': {
      const value = base();
      payload = JSON.stringify(
        value && typeof value === 'object' && !Array.isArray(value)
          ? { ...value, [c.body.key]: c.body.value }
          : value,
      );
      break;
    }
    case 'replace':
      payload = JSON.stringify(c.body.value);
      break;
    case 'raw':
      headers['content-type'] = c.body.contentType;
      return { method: op.method, url, headers, payload: c.body.text };
    case 'huge':
      payload = JSON.stringify({ blob: 'a'.repeat(3 * 1024 * 1024) });
      break;
  }
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return { method: op.method, url, headers, ...(payload !== undefined ? { payload } : {}) };
}
