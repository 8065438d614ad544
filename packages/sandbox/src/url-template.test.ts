import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolSpec } from '@bmm/spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeTool } from './index.js';

let upstream: Server;
let origin: string;
let received: string[];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    received.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));
beforeEach(() => {
  received = [];
});

function httpTool(url: string): ToolSpec {
  return {
    name: 'profile',
    description: 'Reads a profile',
    inputSchema: { type: 'object' },
    impl: { kind: 'http', method: 'GET', url },
  };
}

async function call(url: string, input: Record<string, unknown>) {
  return executeTool(httpTool(`${origin}${url}`), input, {
    secrets: {},
    allowedHosts: [],
    allowPrivateNetwork: true,
  });
}

describe('templated URL path segments (RFC 3986 §5.2.4)', () => {
  it('refuses a value that makes a path segment "." or ".." and sends nothing', async () => {
    for (const id of ['..', '.']) {
      const result = await call('/users/{{input.id}}/profile', { id });
      expect(result.isError, id).toBe(true);
      expect(result.content).toEqual([
        {
          type: 'text',
          text: `the input makes the URL path segment "${id}", which would change the route; refused`,
        },
      ]);
    }
    // Two placeholders that only together make "..".
    const split = await call('/users/{{input.a}}{{input.b}}/profile', { a: '.', b: '.' });
    expect(split.isError).toBe(true);
    expect(received).toEqual([]);
  });

  it('encodes "/", "?", "#", "%" and dots inside a segment so the route stays the same', async () => {
    const cases: [string, string][] = [
      ['../admin', '/users/..%2Fadmin/profile'],
      ['a?admin=1#x', '/users/a%3Fadmin%3D1%23x/profile'],
      ['%2E%2E', '/users/%252E%252E/profile'],
      ['..\\admin', '/users/..%5Cadmin/profile'],
      ['...', '/users/.../profile'],
      ['v1.2', '/users/v1.2/profile'],
    ];
    for (const [id] of cases) {
      const result = await call('/users/{{input.id}}/profile', { id });
      expect(result.isError, id).toBeFalsy();
    }
    expect(received).toEqual(cases.map(([, path]) => path));
  });

  it('leaves values in the query string encoded and the path alone', async () => {
    const result = await call('/search?q={{input.q}}', { q: '../../x' });
    expect(result.isError).toBeFalsy();
    expect(received).toEqual(['/search?q=..%2F..%2Fx']);
  });
});
