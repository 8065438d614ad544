import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, NetworkError, ok, safeNext } from './api';
import type { paths } from './api-types';

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/servers/new')).toBe('/servers/new');
    expect(safeNext('/oauth/consent?interaction=abc')).toBe('/oauth/consent?interaction=abc');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['absolute URL', 'https://evil.example/'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['tab that browsers drop', '/\t/evil.example'],
    ['newline', '/\n/evil.example'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['relative path', 'dashboard'],
  ])('falls back for %s', (_, value) => {
    expect(safeNext(value)).toBe('/dashboard');
    expect(safeNext(value, '/x')).toBe('/x');
  });
});

describe('ApiError', () => {
  it('maps problem+json fields onto form field names', () => {
    const err = new ApiError(400, {
      status: 400,
      code: 'invalid_email',
      detail: 'Enter a valid email address.',
      fields: [
        { field: 'body.email', message: 'must be an email address' },
        { field: 'body.email', message: 'second message is ignored' },
        { field: 'body.name', message: 'is empty' },
      ],
    });
    expect(err.message).toBe('Enter a valid email address.');
    expect(err.fieldErrors()).toEqual({ email: 'must be an email address', name: 'is empty' });
  });

  it('reads OAuth error JSON too', () => {
    const err = new ApiError(403, {
      status: 403,
      code: '',
      error: 'access_denied',
      error_description: 'Ask its owner for access.',
    });
    expect(err.message).toBe('Ask its owner for access.');
  });
});

describe('ok() over the typed client', () => {
  let server: Server;
  let client: ReturnType<typeof createClient<paths>>;

  beforeAll(async () => {
    // A real HTTP server answering the way the api and the web's proxy do.
    server = createServer((req, res) => {
      if (req.url === '/v1/api-keys' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ apiKeys: [] }));
      } else if (req.url === '/v1/api-keys' && req.method === 'POST') {
        res.writeHead(400, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            code: 'validation_failed',
            detail: 'The name is too long.',
            fields: [{ field: 'body.name', message: 'must NOT have more than 100 characters' }],
          }),
        );
      } else if (req.url?.startsWith('/v1/api-keys/')) {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Bad Gateway: the service behind this path is not reachable.');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = createClient<paths>({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers the JSON body, and undefined for a 204', async () => {
    expect(await ok(client.GET('/v1/api-keys'))).toEqual({ apiKeys: [] });
    expect(await ok(client.DELETE('/v1/api-keys/{id}', { params: { path: { id: 'k1' } } }))).toBeUndefined();
  });

  it('throws the problem+json as an ApiError with its fields', async () => {
    const err = await ok(client.POST('/v1/api-keys', { body: { name: 'x'.repeat(200) } })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.problem.code).toBe('validation_failed');
    expect(err.message).toBe('The name is too long.');
    expect(err.fieldErrors()).toEqual({ name: 'must NOT have more than 100 characters' });
  });

  it("reads the proxy's plain-text 502 and a refused connection as not reachable", async () => {
    await expect(ok(client.GET('/v1/usage'))).rejects.toBeInstanceOf(NetworkError);
    const closed = createClient<paths>({ baseUrl: 'http://127.0.0.1:1' });
    await expect(ok(closed.GET('/v1/usage'))).rejects.toBeInstanceOf(NetworkError);
  });

  it('passes an abort through', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await ok(client.GET('/v1/api-keys', { signal: controller.signal })).catch((e) => e);
    expect(err.name).toBe('AbortError');
  });
});
