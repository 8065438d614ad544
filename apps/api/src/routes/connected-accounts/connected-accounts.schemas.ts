import Type from 'typebox';
import {
  dateTime,
  errors,
  idParams,
  noContent,
  nullableDateTime,
  nullableString,
  object,
  uuid,
} from '../../lib/schemas.js';

const accountSchema = object({
  id: uuid,
  serverId: uuid,
  serverName: Type.String(),
  serverSlug: Type.String(),
  upstreamId: Type.String(),
  upstreamName: Type.String(),
  preset: nullableString,
  accountLabel: nullableString,
  scopes: Type.Array(Type.String()),
  connectedAt: dateTime,
  expiresAt: nullableDateTime,
  /** Set when the provider refused a refresh: the next tool call asks the person to sign in again. */
  revokedAt: nullableDateTime,
});

export const listAccountsSchema = {
  summary: 'Your upstream accounts connected through hosted servers (upstream sign-in)',
  tags: ['connected-accounts'],
  response: { 200: object({ items: Type.Array(accountSchema) }), ...errors(401, 403) },
};

export const disconnectAccountSchema = {
  summary: 'Disconnect an upstream account: revoke it at the provider and forget it',
  tags: ['connected-accounts'],
  params: idParams,
  response: { 204: noContent, ...errors(400, 401, 403, 404) },
};
