import { Writable } from 'node:stream';
import { Keyring } from '@bmm/crypto';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import type { Planner } from '@bmm/planner';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, createSmtpMailer } from '../src/app.js';
import type { AppDeps } from '../src/deps.js';
import { startTestSmtp, type TestSmtp } from '../src/testing/smtp.js';
import { testPlanner } from './planner.js';

export const WEB = 'http://web.test';
export const CONFIG = {
  WEB_URL: WEB,
  API_URL: 'http://api.test',
  BUILDER_URL: 'http://builder.test',
  RUNNER_URL: 'http://runner.test',
  OAUTH_ISSUER: 'http://auth.test/oauth',
  CORS_ORIGINS: ['http://extra.test'],
};

export interface TestApp {
  app: FastifyInstance;
  t: TestDatabase;
  keyring: Keyring;
  /** Every log line the app wrote (for the no-secrets-in-logs test). */
  logs: string[];
  /** The real SMTP server (in-process) the app sends its email to. */
  smtp: TestSmtp;
  close(): Promise<void>;
}

/** The SMTP server of each test app, so signUp can click the verification link it received. */
const smtpOf = new WeakMap<FastifyInstance, TestSmtp>();

export async function startApi(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const t = await createTestDatabase();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const keyring = new Keyring({ version: 3, key: Buffer.alloc(32, 7) });
  const planner: Planner = overrides.planner ?? testPlanner();
  const smtp = await startTestSmtp();
  const app = await buildApp({
    db: t.db,
    logger: createLogger({ name: 'api-test', level: 'debug', destination }),
    keyring,
    planner,
    config: CONFIG,
    mailer: createSmtpMailer({ url: smtp.url, from: 'BMM Test <no-reply@example.com>' }),
    ...overrides,
  });
  smtpOf.set(app, smtp);
  return {
    app,
    t,
    keyring,
    logs,
    smtp,
    close: async () => {
      await app.close();
      await smtp.close();
      await t.destroy();
    },
  };
}

/** A signed-in browser: sends its cookie and a trusted Origin on every call. */
export class Browser {
  cookie = '';
  constructor(readonly app: FastifyInstance) {}

  async call(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await this.app.inject({
      method,
      url,
      headers: { origin: WEB, ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const set = res.cookies.find((c) => c.name === 'bmm_session');
    if (set) this.cookie = set.value ? `bmm_session=${set.value}` : '';
    return res;
  }
}

let counter = 0;
export const PASSWORD = 'correct horse battery';

/**
 * Signs up a new person; by default they then verify their address the way a person does: the test
 * SMTP server received the email, and the link's token goes to POST /v1/auth/verify-email.
 */
export async function signUp(app: FastifyInstance, name = 'Ada', options: { verify?: boolean } = {}) {
  counter += 1;
  const email = `${name.toLowerCase()}${counter}-${Date.now()}@example.com`;
  const browser = new Browser(app);
  const res = await browser.call('POST', '/v1/auth/signup', { email, password: PASSWORD, name });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string; email: string }; org: { id: string } };
  if (options.verify !== false) await verifyEmail(app, email);
  return { browser, email, userId: body.user.id, orgId: body.org.id };
}

/** The token of the newest verification link emailed to `email`. */
export async function verificationToken(app: FastifyInstance, email: string): Promise<string> {
  const smtp = smtpOf.get(app);
  if (!smtp) throw new Error('this app has no test SMTP server');
  await smtp.waitFor(email, (m) => m.subject.startsWith('Verify'));
  const mail = smtp.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Verify')).at(-1);
  const link = mail?.links.find((l) => l.includes('/verify-email?token='));
  if (!link) throw new Error(`no verification link in the email to ${email}`);
  return new URL(link).searchParams.get('token') as string;
}

/** Clicks the verification link emailed to `email` (what the web's /verify-email page does). */
export async function verifyEmail(app: FastifyInstance, email: string): Promise<void> {
  const token = await verificationToken(app, email);
  const res = await app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } });
  if (res.statusCode !== 200) throw new Error(`verification failed: ${res.statusCode} ${res.body}`);
}

export async function createApiKey(browser: Browser): Promise<string> {
  const res = await browser.call('POST', '/v1/api-keys', { name: 'ci' });
  if (res.statusCode !== 201) throw new Error(`api key failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { key: string }).key;
}

export function withKey(app: FastifyInstance, key: string) {
  return (method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}

export async function auditActions(t: TestDatabase, orgId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('audit_events')
    .select('action')
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** Creates a server through the API; returns its id, slug and first build id. */
export async function createServer(
  call: (method: InjectOptions['method'], url: string, body?: unknown) => Promise<LightMyRequestResponse>,
  extra: Record<string, unknown> = {},
) {
  const { uniqueSlug, weatherSpec } = await import('./fixtures.js');
  const slug = uniqueSlug();
  const res = await call('POST', '/v1/servers', { name: 'Weather', slug, spec: weatherSpec(slug), ...extra });
  if (res.statusCode !== 201) throw new Error(`create server failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { server: { id: string }; build: { id: string; versionId: string } };
  return { id: body.server.id, slug, buildId: body.build.id, versionId: body.build.versionId };
}

/** What the builder does at publish + deploy, so rollback and status can be tested without it. */
export async function publishVersion(t: TestDatabase, serverId: string, versionId: string, buildId: string) {
  await t.db
    .updateTable('server_versions')
    .set({ published_at: new Date(), spec_hash: 'sha256:test' })
    .where('id', '=', versionId)
    .execute();
  await t.db
    .updateTable('servers')
    .set({ current_version_id: versionId })
    .where('id', '=', serverId)
    .execute();
  await t.db
    .updateTable('builds')
    .set({ status: 'succeeded', finished_at: new Date() })
    .where('id', '=', buildId)
    .execute();
}

/** Moves an org to the team plan (tests that create many servers). */
export async function upgrade(t: TestDatabase, orgId: string) {
  await t.db.updateTable('orgs').set({ plan: 'team' }).where('id', '=', orgId).execute();
}
