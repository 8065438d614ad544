/** Small JSON Schema builders shared by the route groups (they also shape the OpenAPI document). */

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

/** A problem+json response (RFC 9457) for one status. */
export function problemResponse(status: number) {
  return {
    description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
    content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
  } as const;
}
export type ProblemResponse = ReturnType<typeof problemResponse>;

/** Problem responses for the given statuses, e.g. `errors(400, 404)`. 401 is always included. */
export function errors(...statuses: number[]): Record<number, ProblemResponse> {
  const out: Record<number, ProblemResponse> = { 401: problemResponse(401) };
  for (const s of statuses) out[s] = problemResponse(s);
  return out;
}

export const uuid = { type: 'string', format: 'uuid' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
export const nullableString = { type: ['string', 'null'] } as const;
export const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
export const role = { type: 'string', enum: ['owner', 'admin', 'member'] } as const;
export const email = { type: 'string', format: 'email', maxLength: 254 } as const;
export const anyObject = { type: 'object', additionalProperties: true } as const;

export function object(properties: Record<string, unknown>, required = Object.keys(properties)) {
  return { type: 'object', required, properties, additionalProperties: false } as const;
}

export const idParams = object({ id: uuid });

export const noContent = { type: 'null', description: 'Done; no content' } as const;

export function iso(d: Date | string): string;
export function iso(d: Date | string | null): string | null;
export function iso(d: Date | string | null): string | null {
  if (d === null) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}
