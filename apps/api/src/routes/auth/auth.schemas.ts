import { object, uuid } from '../../lib/schemas.js';

/** Where verification links go: `email`, or `server_log` when SMTP_URL is unset. */
export const deliverySchema = { type: 'string', enum: ['email', 'server_log'] } as const;

export const userSchema = object({ id: uuid, email: { type: 'string' }, name: { type: 'string' } });

export const meUserSchema = object({
  id: uuid,
  email: { type: 'string' },
  name: { type: 'string' },
  emailVerified: { type: 'boolean' },
  /** Sees every org and sets plans (the Admin page). */
  instanceAdmin: { type: 'boolean' },
});

export const verificationSchema = object({ sentTo: { type: 'string' }, delivery: deliverySchema });

export const orgSummary = object({
  id: uuid,
  name: { type: 'string' },
  plan: { type: 'string' },
  role: { type: 'string', enum: ['owner', 'admin', 'member'] },
});
