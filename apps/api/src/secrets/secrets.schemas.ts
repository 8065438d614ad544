import Type from 'typebox';
import { dateTime, nullableUuid, object } from '../lib/schemas.js';

/** A secret's name: an upper-case identifier (the name specs and templates refer to). */
export const secretName = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$' });

export const secretSchema = object({ name: Type.String(), updatedAt: dateTime, updatedBy: nullableUuid });
