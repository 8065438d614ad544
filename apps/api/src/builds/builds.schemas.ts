import Type, { type Static } from 'typebox';
import { dateTime, nullableDateTime, nullableString, object, stringEnum, uuid } from '../lib/schemas.js';

export const buildStatus = stringEnum(['queued', 'running', 'succeeded', 'failed', 'canceled']);

/** A build as the builds and servers routes answer it. */
export const buildSchema = object({
  id: uuid,
  serverId: uuid,
  versionId: uuid,
  version: Type.Integer(),
  status: buildStatus,
  currentStep: nullableString,
  error: nullableString,
  attempts: Type.Integer(),
  cancelRequestedAt: nullableDateTime,
  createdAt: dateTime,
  startedAt: nullableDateTime,
  finishedAt: nullableDateTime,
});
export type Build = Static<typeof buildSchema>;
