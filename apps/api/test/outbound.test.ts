import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundFetch, OutboundRefusedError } from '../src/lib/outbound.js';

// A local server with one route per behaviour the guard has to bound.
let server: ReturnType<typeof createServer>;
let origin: string;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(req.url ?? '');
    if (req.url === '/hang') return; // never answers
    if (req.url === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk');
      return; // the body never ends
    }
    if (req.url === '/declared-big') {
      res.writeHead(200, { 'content-length': String(2048) });
      return res.end('x'.repeat(2048));
    }
    if (req.url === '/streamed-big') {
      res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no length declared
      for (let i = 0; i < 4; i++) res.write('y'.repeat(512));
      return res.end();
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `${origin}/target` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const open = (extra: { timeoutMs?: number; maxBytes?: number } = {}) =>
  createOutboundFetch({
    allowPrivateNetwork: true,
    trustedOrigins: [],
    timeoutMs: 300,
    maxBytes: 1024,
    ...extra,
  });

describe('createOutboundFetch', () => {
  it('gives up on a server that does not answer, at the deadline', async () => {
    const started = Date.now();
    await expect(open()(`${origin}/hang`)).rejects.toThrow(/did not answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up on a body that never ends, at the same deadline', async () => {
    const res = await open()(`${origin}/slow-body`);
    const started = Date.now();
    await expect(res.text()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a body larger than the cap, declared or streamed', async () => {
    await expect(open()(`${origin}/declared-big`)).rejects.toThrow(/answered more than 1024 bytes/);
    const streamed = await open()(`${origin}/streamed-big`);
    await expect(streamed.text()).rejects.toThrow(/larger than 1024 bytes/);
    expect(await (await open({ maxBytes: 4096 })(`${origin}/streamed-big`)).text()).toHaveLength(2048);
  });

  it('hands a redirect back instead of following it', async () => {
    hits.length = 0;
    const res = await open()(`${origin}/redirect`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${origin}/target`);
    expect(hits).toEqual(['/redirect']);
  });

  it('refuses loopback unless the operator allows it or the origin is trusted, before connecting', async () => {
    hits.length = 0;
    const strict = createOutboundFetch({ allowPrivateNetwork: false, trustedOrigins: [], timeoutMs: 300 });
    for (const url of [`${origin}/`, `http://localhost.:${new URL(origin).port}/`]) {
      const err = await strict(url).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(OutboundRefusedError);
    }
    expect(hits).toEqual([]);
    const trusted = createOutboundFetch({
      allowPrivateNetwork: false,
      trustedOrigins: [origin],
      timeoutMs: 300,
    });
    expect(await (await trusted(`${origin}/`)).text()).toBe('ok');
  });
});
