/** Small JSON Schema builders shared by the route groups (they also shape the OpenAPI document). */

export const problem = { $ref: 'Problem#' } as const;

/** Problem responses for the given statuses, e.g. `errors(400, 404)`. 401 is always included. */
export function errors(...statuses: number[]): Record<number, typeof problem> {
  const out: Record<number, typeof problem> = { 401: problem };
  for (const s of statuses) out[s] = problem;
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

export const noContent = { type: 'null', description: 'No content' } as const;

export function iso(d: Date | string): string;
export function iso(d: Date | string | null): string | null;
export function iso(d: Date | string | null): string | null {
  if (d === null) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}
