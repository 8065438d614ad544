import { dateTime, iso, object, role, uuid } from '../lib/schemas.js';

/** A member as the api shows it (`GET /v1/members`, `GET /v1/me/org`). */
export const memberSchema = object({
  userId: uuid,
  email: { type: 'string' },
  name: { type: 'string' },
  role,
  joinedAt: dateTime,
});

export function toMember(m: { userId: string; email: string; name: string; role: string; created_at: Date }) {
  return { userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: iso(m.created_at) };
}
