/**
 * TypeBox builders shared by the route groups. A route plugin typed with the TypeBox provider
 * (`FastifyPluginAsyncTypebox`) gets `request.body/params/query` and its replies typed from them; the
 * JSON Schema they emit is the route's validation and its part of the OpenAPI document.
 */
import type { ProblemBody } from '@bmm/http';
import Type, {
  type Static,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
  type TSchemaOptions,
  type TString,
  type TUnsafe,
} from 'typebox';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation errors list the fields; also malformed JSON, a path that is not valid percent-encoding, or text Postgres cannot store: NUL, unpaired surrogates)',
  401: 'Not signed in, or unknown API key',
  403: 'Not allowed (role, CSRF, plan limit)',
  404: 'No such resource in your org',
  409: 'Conflicts with the current state',
  413: 'The request body is too large',
  414: 'A path segment is too long',
  415: 'The request body has an unsupported Content-Type',
  422: 'Unprocessable input',
  429: 'Too many attempts',
  502: 'An upstream (the model) failed',
  503: 'Temporarily unavailable',
};

/**
 * A problem+json response (RFC 9457) for one status: an OpenAPI response object (the document shows
 * it as is) typed as the problem body, so a route's reply type covers its problems too.
 */
export function problemResponse(status: number): ProblemResponse {
  return Type.Unsafe<ProblemBody>({
    description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
    content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
  } as TSchema);
}
export type ProblemResponse = TUnsafe<ProblemBody>;

/** Problem responses for the given statuses, e.g. `errors(400, 404)`. 401 is always included. */
export function errors(...statuses: number[]): Record<number, ProblemResponse> {
  const out: Record<number, ProblemResponse> = { 401: problemResponse(401) };
  for (const s of statuses) out[s] = problemResponse(s);
  return out;
}

/** `{ type: 'string', enum }`: one of these strings (Type.Enum would drop the `type`). */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: TSchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options } as TSchema);
}

/** `{ type: [type, 'null'] }` (one schema rather than an anyOf, as the document always had it). */
export function nullable<T>(
  type: 'string' | 'integer' | 'boolean',
  options: TSchemaOptions = {},
): TUnsafe<T | null> {
  return Type.Unsafe<T | null>({ type: [type, 'null'], ...options } as TSchema);
}

/** `{ oneOf: [{ type: 'null' }, schema] }`: the schema's value or null. */
export function orNull<T extends TSchema>(
  schema: T,
  options: TSchemaOptions = {},
): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ oneOf: [{ type: 'null' }, schema], ...options } as TSchema);
}

export const uuid: TString = Type.String({ format: 'uuid' });
export const dateTime: TString = Type.String({ format: 'date-time' });
export const nullableDateTime = nullable<string>('string', { format: 'date-time' });
export const nullableString = nullable<string>('string');
export const nullableUuid = nullable<string>('string', { format: 'uuid' });
export const role = stringEnum(['owner', 'admin', 'member']);
export const email: TString = Type.String({ format: 'email', maxLength: 254 });
/** Any JSON object (typed `object`, so a spec or other interface value fits a reply). */
export const anyObject = Type.Unsafe<object>({
  type: 'object',
  additionalProperties: true,
} as TSchema);

/** The properties of `P`, those not named in `K` optional. */
export type WithRequired<P extends TProperties, K extends keyof P> = {
  [k in keyof P]: k extends K ? P[k] : TOptional<P[k]>;
};

/**
 * A closed object (`additionalProperties: false`): every property required unless `required` names
 * the required ones (`[]`: all optional). Properties may also be marked with `Type.Optional`.
 */
export function object<P extends TProperties>(properties: P): TObject<P>;
export function object<P extends TProperties, const K extends keyof P & string>(
  properties: P,
  required: readonly K[],
): TObject<WithRequired<P, K>>;
export function object(properties: TProperties, required?: readonly string[]): TObject {
  if (!required) return Type.Object(properties, { additionalProperties: false });
  const keep = new Set(required);
  const mapped: TProperties = {};
  for (const [key, schema] of Object.entries(properties)) {
    mapped[key] = keep.has(key) ? schema : Type.Optional(schema);
  }
  return Type.Object(mapped, { additionalProperties: false });
}

export const idParams = object({ id: uuid });

/** A 204: `{ type: 'null' }` in the document, typed as no payload so `reply.code(204).send()` type-checks. */
export const noContent = Type.Unsafe<undefined>({ type: 'null', description: 'Done; no content' } as TSchema);

export function iso(d: Date | string): string;
export function iso(d: Date | string | null): string | null;
export function iso(d: Date | string | null): string | null {
  if (d === null) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}
