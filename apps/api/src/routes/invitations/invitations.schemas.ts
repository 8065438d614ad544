import Type from 'typebox';
import {
  dateTime,
  errors,
  idParams,
  noContent,
  object,
  problemResponse,
  role,
  uuid,
} from '../../lib/schemas.js';

const invitationSchema = object({
  id: uuid,
  email: Type.String(),
  role,
  invitedBy: uuid,
  createdAt: dateTime,
  expiresAt: dateTime,
});

const tokenBody = object({ token: Type.String({ minLength: 10, maxLength: 200 }) });

export const createInvitationSchema = {
  summary: 'Invite someone by email (returns the accept link once; it lives 7 days)',
  tags: ['invitations'],
  body: object({ email: Type.String({ minLength: 3, maxLength: 254 }), role }),
  response: {
    201: object({ invitation: invitationSchema, acceptUrl: Type.String() }),
    ...errors(400, 403, 409),
  },
};

export const listInvitationsSchema = {
  summary: 'Pending invitations of the active org',
  tags: ['invitations'],
  response: { 200: object({ invitations: Type.Array(invitationSchema) }), ...errors(403) },
};

export const revokeInvitationSchema = {
  summary: 'Revoke a pending invitation',
  tags: ['invitations'],
  params: idParams,
  response: { 204: noContent, ...errors(400, 403, 404) },
};

export const previewInvitationSchema = {
  summary: 'What an invitation link invites to (org, inviter, role, invited address), before accepting',
  tags: ['invitations'],
  security: [],
  body: tokenBody,
  response: {
    200: object({
      org: object({ name: Type.String() }),
      invitedBy: object({ name: Type.String(), email: Type.String() }),
      role,
      email: Type.String(),
      expiresAt: dateTime,
    }),
    400: problemResponse(400),
    404: problemResponse(404),
  },
};

export const acceptInvitationSchema = {
  summary: 'Accept an invitation addressed to your email; its org becomes active',
  tags: ['invitations'],
  body: tokenBody,
  response: { 200: object({ orgId: uuid, role }), ...errors(400, 403, 404, 409) },
};
