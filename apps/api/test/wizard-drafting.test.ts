import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug } from './fixtures.js';
import { type Browser, CONFIG, signUp, startApi, type TestApp } from './helpers.js';

/** The wizard's drafting calls: uncovered asks, related templates, OpenAPI focus and fetch by URL. */

const PETS = {
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1' },
  servers: [{ url: 'https://pets.example.com' }],
  paths: {
    '/pets': {
      get: { operationId: 'listPets', summary: 'List pets', responses: { 200: { description: 'ok' } } },
    },
    '/orders': {
      get: { operationId: 'listOrders', summary: 'List orders', responses: { 200: { description: 'ok' } } },
    },
  },
};

let strict: TestApp; // the default: no private network
let open: TestApp; // the operator allowed private addresses (ALLOW_PRIVATE_NETWORK)
let docs: Server;
let docsUrl: string;
let strictUser: Browser;
let openUser: Browser;

beforeAll(async () => {
  docs = createServer((req, res) => {
    if (req.url === '/openapi.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(PETS));
    } else if (req.url === '/broken.yaml') res.end('openapi: [3.0\n  nope: {');
    else if (req.url === '/huge.json') {
      res.setHeader('content-type', 'application/json');
      res.write('{"openapi":"3.0.3","x":"');
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 100; i++) res.write(chunk); // 6.4 MB: over the 5 MB cap
      res.end('"}');
    } else if (req.url === '/moved') {
      res.statusCode = 302;
      res.setHeader('location', '/openapi.json');
      res.end();
    } else {
      res.statusCode = 404;
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
  docsUrl = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
  strict = await startApi();
  open = await startApi({ config: { ...CONFIG, allowPrivateNetwork: true } });
  strictUser = (await signUp(strict.app)).browser;
  openUser = (await signUp(open.app)).browser;
});
afterAll(async () => {
  await strict?.close();
  await open?.close();
  await new Promise((resolve) => docs.close(resolve));
});

const fetchDoc = (browser: Browser, url: string) =>
  browser.call('POST', '/v1/servers/preview/openapi-url', { url });

describe('POST /v1/servers/preview/openapi-url', () => {
  it('fetches a document server-side and says what it holds', async () => {
    const res = await fetchDoc(openUser, `${docsUrl}/openapi.json`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      document: JSON.stringify(PETS),
      title: 'Pets',
      version: '3.0',
      operations: 2,
    });
  });

  it('refuses loopback and private addresses unless the operator allows them (SSRF guard)', async () => {
    for (const url of [
      `${docsUrl}/openapi.json`,
      'http://localhost:9/x.json',
      'http://10.0.0.1/openapi.json',
    ]) {
      const res = await fetchDoc(strictUser, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('url_refused');
      expect(res.json().fields[0].field).toBe('url');
      expect(res.json().detail).toMatch(
        /^This URL cannot be fetched: .+ is a (loopback|private or reserved) address\.$/,
      );
    }
  });

  it('answers whole sentences for a parse error, a 404, a redirect and an oversized document', async () => {
    const broken = await fetchDoc(openUser, `${docsUrl}/broken.yaml`);
    expect(broken.statusCode).toBe(422);
    expect(broken.json().code).toBe('invalid_openapi');
    expect(broken.json().detail).toMatch(/\.$/);
    const missing = await fetchDoc(openUser, `${docsUrl}/nope.json`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toBe(`${docsUrl} answered HTTP 404, not the document.`);
    const moved = await fetchDoc(openUser, `${docsUrl}/moved`);
    expect(moved.json().detail).toContain('answered with a redirect (302)');
    const huge = await fetchDoc(openUser, `${docsUrl}/huge.json`);
    expect(huge.statusCode).toBe(400);
    expect(huge.json().code).toBe('openapi_too_large');
    expect(huge.json().detail).toBe(
      `The document at ${docsUrl} is larger than 5 MB, the most the wizard reads.`,
    );
  });

  it('needs a signed-in caller', async () => {
    const res = await strict.app.inject({
      method: 'POST',
      url: '/v1/servers/preview/openapi-url',
      payload: { url: 'https://example.com/openapi.json' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('POST /v1/servers/preview: what the wizard says about a draft', () => {
  const preview = (body: Record<string, unknown>) =>
    strictUser.call('POST', '/v1/servers/preview', { name: 'Mine', slug: uniqueSlug(), ...body });

  it('lists the asks the draft does not cover', async () => {
    const res = await preview({ prompt: 'A GitHub server to list issues, add a label and read comments' });
    expect(res.statusCode).toBe(200);
    expect(res.json().draft.uncovered).toEqual(['add a label', 'read comments']);
    expect(res.json().draft.notes[0]).toMatch(
      /^Not covered by this draft: “add a label” and “read comments”\./,
    );
  });

  it('suggests no unrelated template when nothing matches', async () => {
    const res = await preview({ prompt: 'save my favourite recipes and find them by ingredient' });
    expect(res.json().draft.spec).toBeNull();
    expect(res.json().draft.suggestions).toEqual([]);
  });

  it('honours the OpenAPI focus, or says it ignored it', async () => {
    const focused = await preview({ prompt: 'pets', openapi: JSON.stringify(PETS), focus: 'orders' });
    expect(focused.json().draft.spec.tools.map((t: { name: string }) => t.name)).toEqual(['listOrders']);
    expect(focused.json().draft.notes).toContain(
      'Focus “orders”: kept the 1 of 2 operations that mention it.',
    );
    const ignored = await preview({ prompt: 'pets', openapi: JSON.stringify(PETS), focus: 'invoices' });
    expect(ignored.json().draft.spec.tools).toHaveLength(2);
    expect(ignored.json().draft.notes.join(' ')).toContain('so it was ignored');
  });
});

describe('POST /v1/servers/spec-validation (the tool editor checks as you type)', () => {
  const spec = (tool: Record<string, unknown>) => ({
    name: 'Mine',
    slug: 'mine-check',
    description: 'd',
    secrets: [],
    tools: [tool],
  });
  const tool = {
    name: 'echo',
    description: 'Echoes the text.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    impl: { kind: 'code', source: 'export default async (input) => ({ content: [] });' },
  };

  it('answers ok for a valid spec and lists @bmm/spec issues with their paths otherwise', async () => {
    const ok = await strictUser.call('POST', '/v1/servers/spec-validation', { spec: spec(tool) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true, issues: [] });
    const check = async (t: Record<string, unknown>) => {
      const res = await strictUser.call('POST', '/v1/servers/spec-validation', { spec: spec(t) });
      expect(res.statusCode).toBe(200);
      expect(res.json().ok).toBe(false);
      return res.json().issues as { path: string; message: string }[];
    };
    expect((await check({ ...tool, name: 'bad name!' })).map((i) => i.path)).toEqual(['/tools/0/name']);
    const lookaround = await check({
      ...tool,
      inputSchema: { type: 'object', properties: { a: { type: 'string', pattern: '(?=x)' } } },
    });
    expect(lookaround[0]!.path).toMatch(/^\/tools\/0\/inputSchema/);
  });
});
