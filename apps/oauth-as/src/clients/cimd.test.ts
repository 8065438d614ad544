import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fetchMetadataDocument } from './cimd.js';

let server: http.Server;
let base: string;
const sockets = new Set<import('node:net').Socket>();
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/redirect')
      return res.writeHead(302, { location: 'http://169.254.169.254/latest' }).end();
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"pad":"${'x'.repeat(4000)}`);
      res.write('y'.repeat(4000));
      return res.end('"}');
    }
    res.writeHead(200, { 'cache-control': 'max-age=60' }).end('{"client_id":"x"}');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

it('fetches and reports the cache lifetime', async () => {
  expect(await fetchMetadataDocument(`${base}/ok`, true)).toEqual({
    document: { client_id: 'x' },
    maxAgeSeconds: 60,
  });
});

it('gives up after the deadline', async () => {
  const started = Date.now();
  await expect(fetchMetadataDocument(`${base}/hang`, true, { timeoutMs: 200 })).rejects.toThrow(
    'did not arrive within 0.2 s',
  );
  expect(Date.now() - started).toBeLessThan(2000);
});

it('does not follow redirects', async () => {
  await expect(fetchMetadataDocument(`${base}/redirect`, true)).rejects.toThrow('HTTP 302');
});

it('stops reading past 5 KB even without Content-Length', async () => {
  await expect(fetchMetadataDocument(`${base}/stream`, true)).rejects.toThrow('larger than 5120 bytes');
});

it('refuses http and private hosts unless private networks are allowed', async () => {
  await expect(fetchMetadataDocument(`${base}/ok`, false)).rejects.toThrow('must use https');
  await expect(fetchMetadataDocument('https://10.0.0.1/c.json', false)).rejects.toThrow('public address');
  await expect(fetchMetadataDocument('https://[::1]/c.json', false)).rejects.toThrow('public address');
  await expect(fetchMetadataDocument('https://example.com/', false)).rejects.toThrow('must have a path');
});
