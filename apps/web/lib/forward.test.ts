import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forward } from './forward';

let upstream: Server;
let base: string;
let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string };

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen = { method: req.method, url: req.url, headers: req.headers, body };
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'https://web.example/dashboard', 'set-cookie': ['a=1; Path=/', 'b=2'] });
      return res.end();
    }
    res.writeHead(201, {
      'content-type': 'application/json',
      connection: 'keep-alive, x-private',
      'x-private': 'hop',
      'keep-alive': 'timeout=5',
      'set-cookie': ['bmm_session=abc; HttpOnly; Path=/', 'other=1; Path=/'],
    });
    res.end(JSON.stringify({ ok: true }));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

describe('forward', () => {
  it('passes method, path, body, cookies and headers up, and status, body and every Set-Cookie back', async () => {
    const request = new Request('http://web.example/v1/servers?x=1', {
      method: 'POST',
      headers: {
        cookie: 'bmm_session=abc',
        origin: 'http://web.example',
        'content-type': 'application/json',
        'accept-encoding': 'gzip, br',
        'x-forwarded-for': '203.0.113.7',
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': 'no',
      },
      body: JSON.stringify({ name: 'X' }),
    });
    const res = await forward(request, `${base}/v1/servers?x=1`);
    expect(seen).toMatchObject({ method: 'POST', url: '/v1/servers?x=1', body: '{"name":"X"}' });
    expect(seen.headers).toMatchObject({
      cookie: 'bmm_session=abc',
      origin: 'http://web.example',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-host': 'web.example',
      host: new URL(base).host,
    });
    expect(seen.headers['x-secret-hop']).toBeUndefined();
    expect(seen.headers['accept-encoding']).toBe('identity');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.getSetCookie()).toEqual(['bmm_session=abc; HttpOnly; Path=/', 'other=1; Path=/']);
    expect(res.headers.get('x-private')).toBeNull();
    expect(res.headers.get('keep-alive')).toBeNull();
  });

  it('hands a redirect back instead of following it', async () => {
    const res = await forward(new Request('http://web.example/oauth/authorize'), `${base}/redirect`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://web.example/dashboard');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('answers 502 in plain text when the upstream is down', async () => {
    const res = await forward(new Request('http://web.example/v1/me'), 'http://127.0.0.1:9/v1/me');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});
