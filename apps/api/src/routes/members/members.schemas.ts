import Type from 'typebox';
import { errors, noContent, object, role, uuid } from '../../lib/schemas.js';
import { memberSchema } from '../../members/member.js';

const userParams = object({ userId: uuid });

export const listMembersSchema = {
  summary: 'Members of the active org',
  tags: ['members'],
  response: { 200: object({ members: Type.Array(memberSchema) }), ...errors(403) },
};

export const changeRoleSchema = {
  summary: "Change a member's role (admins manage members; only owners grant or take ownership)",
  tags: ['members'],
  params: userParams,
  body: object({ role }),
  response: { 200: object({ member: memberSchema }), ...errors(400, 403, 404, 409) },
};

export const removeMemberSchema = {
  summary: 'Remove a member, or leave the org (your own user id)',
  tags: ['members'],
  params: userParams,
  response: { 204: noContent, ...errors(400, 403, 404, 409) },
};
