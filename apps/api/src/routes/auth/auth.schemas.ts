import Type from 'typebox';
import {
  errors,
  noContent,
  nullableString,
  object,
  problemResponse,
  role,
  stringEnum,
  uuid,
} from '../../lib/schemas.js';

/** Where verification links go: `email`, or `server_log` when SMTP_URL is unset. */
const deliverySchema = stringEnum(['email', 'server_log']);

const userSchema = object({ id: uuid, email: Type.String(), name: Type.String() });

const meUserSchema = object({
  id: uuid,
  email: Type.String(),
  name: Type.String(),
  emailVerified: Type.Boolean(),
  /** Sees every org and sets plans (the Admin page). */
  instanceAdmin: Type.Boolean(),
});

const verificationSchema = object({ sentTo: Type.String(), delivery: deliverySchema });

const orgSummary = object({ id: uuid, name: Type.String(), plan: Type.String(), role });

export const signupSchema = {
  summary:
    'Create an account (and a personal org), sign in and email a verification link. An address that already has an account gets the same answer; its owner is emailed instead.',
  tags: ['auth'],
  security: [],
  body: object({
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 10, maxLength: 200 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
  }),
  response: {
    201: object({ user: userSchema, org: orgSummary, verification: verificationSchema }),
    400: problemResponse(400),
    403: problemResponse(403),
    429: problemResponse(429),
  },
};

export const loginSchema = {
  summary: 'Sign in with email and password',
  tags: ['auth'],
  security: [],
  body: object({
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  }),
  response: {
    200: object({ user: userSchema }),
    400: problemResponse(400),
    401: problemResponse(401),
    403: problemResponse(403),
    429: problemResponse(429),
  },
};

export const logoutSchema = {
  summary: 'Sign out (ends this session)',
  tags: ['auth'],
  response: { 204: noContent, 403: problemResponse(403) },
};

export const meSchema = {
  summary: 'The signed-in person, their orgs and the active org',
  tags: ['auth'],
  response: {
    200: object({
      user: meUserSchema,
      orgs: Type.Array(orgSummary),
      activeOrgId: nullableString,
      /** Where verification links go: `email`, or `server_log` when SMTP_URL is unset. */
      emailDelivery: deliverySchema,
    }),
    ...errors(403),
  },
};

export const verifyEmailSchema = {
  summary: 'Verify an email address with the token of a verification link (works once, 24 h)',
  tags: ['auth'],
  security: [],
  body: object({ token: Type.String({ minLength: 20, maxLength: 2000 }) }),
  response: {
    200: object({ email: Type.String(), verified: Type.Literal(true) }),
    400: problemResponse(400),
    429: problemResponse(429),
  },
};

export const resendVerificationSchema = {
  summary: 'Send the signed-in person a new verification link (a few per 15 minutes)',
  tags: ['auth'],
  response: {
    202: object({ sentTo: Type.String(), delivery: deliverySchema }),
    ...errors(403, 409, 429),
  },
};
