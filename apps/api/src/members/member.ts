import Type, { type Static } from 'typebox';
import { dateTime, iso, object, role, uuid } from '../lib/schemas.js';

/** A member as the api shows it (`GET /v1/members`, `GET /v1/me/org`). */
export const memberSchema = object({
  userId: uuid,
  email: Type.String(),
  name: Type.String(),
  role,
  joinedAt: dateTime,
});
export type Member = Static<typeof memberSchema>;

export function toMember(m: {
  userId: string;
  email: string;
  name: string;
  role: Member['role'];
  created_at: Date;
}): Member {
  return { userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: iso(m.created_at) };
}
