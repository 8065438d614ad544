import type { Static } from 'typebox';
import { iso } from '../lib/schemas.js';
import type { secretSchema } from './secrets.schemas.js';

export function toSecret(s: {
  name: string;
  updated_at: Date;
  updated_by: string | null;
}): Static<typeof secretSchema> {
  return { name: s.name, updatedAt: iso(s.updated_at), updatedBy: s.updated_by };
}
