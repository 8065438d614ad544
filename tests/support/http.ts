import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestSmtp } from '@bmm/api/testing';
import WebSocket from 'ws';

/** A signed-in browser against the real api: keeps the session cookie, sends a trusted Origin. */
export class Session {
  cookie = '';
  constructor(
    readonly apiUrl: string,
    readonly webUrl: string,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: {
        origin: this.webUrl,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const c of res.headers.getSetCookie()) {
      const m = c.match(/^bmm_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `bmm_session=${m[1]}` : '';
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async signUp(email: string, password = 'correct horse battery staple', name = 'E2E User') {
    const res = await this.call('POST', '/v1/auth/signup', { email, password, name });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { user: { id: string }; org: { id: string } };
  }

  /** Clicks the newest verification link `smtp` received for `email` (what the web's /verify-email page posts). */
  async verifyEmail(smtp: { waitFor: TestSmtp['waitFor']; messages: TestSmtp['messages'] }, email: string) {
    const token = await verificationTokenFrom(smtp, email);
    const res = await this.call('POST', '/v1/auth/verify-email', { token });
    if (res.status !== 200) throw new Error(`verification failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** The token of the newest verification link emailed to `email`. */
export async function verificationTokenFrom(
  smtp: { waitFor: TestSmtp['waitFor']; messages: TestSmtp['messages'] },
  email: string,
): Promise<string> {
  const isVerification = (m: TestSmtp['messages'][number]) =>
    m.to.includes(email.toLowerCase()) && m.subject.startsWith('Verify');
  await smtp.waitFor(email, isVerification);
  const link = smtp.messages
    .filter(isVerification)
    .at(-1)
    ?.links.find((l) => l.includes('/verify-email?token='));
  if (!link) throw new Error(`no verification link in the email to ${email}`);
  return new URL(link).searchParams.get('token') as string;
}

/** A local upstream API for http tools: records every request. */
export async function startUpstream(
  handler: (req: { method: string; url: string; headers: IncomingHttpHeaders }) => {
    status?: number;
    body: unknown;
  },
) {
  const requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    const r = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    requests.push(r);
    const out = handler(r);
    res.writeHead(out.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BuildStream {
  frames: any[];
  done: { type: 'done'; status: string; version: number | null; error?: string | null };
}

/** Follows a build over the builder's WebSocket until its `done` frame. */
export function followBuild(
  url: string,
  ticket: string,
  since = 0,
  timeoutMs = 30_000,
): Promise<BuildStream> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?ticket=${encodeURIComponent(ticket)}&since=${since}`);
    const frames: any[] = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`build did not finish in ${timeoutMs} ms: ${JSON.stringify(frames.slice(-5))}`));
    }, timeoutMs);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      frames.push(frame);
      if (frame.type === 'done') {
        clearTimeout(timer);
        resolve({ frames, done: frame });
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`build stream refused: HTTP ${res.statusCode}`));
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function eventually<T>(
  fn: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await fn();
    if (check(last)) return last;
    if (Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
}
