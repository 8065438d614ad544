import { buildApp as buildApi } from '@bmm/api/app';
import { createDb } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { createPlanner } from '@bmm/planner';
import type { FakeAnthropic, FakeRequest } from '@bmm/planner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInConnector } from '../support/connector-signin.ts';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

/**
 * Playground chat: the api streams Claude's answer (the real SDK against the fake Messages API) and
 * runs the tools Claude asks for through a real OAuth connector to a calculator our runner hosts.
 */
let platform: Platform;
let fake: FakeAnthropic;
let ada: Session;
let connectorId: string;

interface ChatEvent {
  event: string;
  data: any;
}

function parseEvents(text: string): ChatEvent[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('event: '))
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) };
    });
}

async function chat(user: Session, id: string, messages: unknown[]) {
  const res = await fetch(`${platform.urls.API_URL}/v1/connectors/${id}/chat`, {
    method: 'POST',
    headers: { origin: user.webUrl, cookie: user.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ messages }),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { res, type, text, events: type.startsWith('text/event-stream') ? parseEvents(text) : [] };
}

const ask = (text: string) => [{ role: 'user', content: text }];
const textOf = (events: ChatEvent[]) =>
  events
    .filter((e) => e.event === 'text')
    .map((e) => e.data.delta)
    .join('');

async function oauthTokens(id: string) {
  const row = await platform.db
    .selectFrom('connectors')
    .select('oauth_ciphertext')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.parse(platform.keyring.decryptString(row.oauth_ciphertext!, `connector:${id}:oauth`)).tokens;
}

beforeAll(async () => {
  platform = await startPlatform({ fakeAnthropic: true });
  fake = platform.fakeAnthropic!;
  ada = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  const { org } = await ada.signUp('ada.chat@example.com');
  await deployHostedServer(platform.db, org.id, calculatorSpec('chat-calc'));
  const created = await ada.call('POST', '/v1/connectors', {
    name: 'Calculator',
    url: `${platform.urls.RUNNER_URL}/chat-calc/mcp`,
    authType: 'oauth',
  });
  connectorId = created.body.connector.id;
  await signInConnector(ada, platform.urls.OAUTH_ISSUER, connectorId);
});
afterAll(async () => {
  await platform?.stop();
});

describe('chat over a connector’s tools', () => {
  it('says chat is available, with the model', async () => {
    const res = await ada.call('GET', '/v1/connectors/chat');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ available: true, model: 'claude-sonnet-5-5', maxToolRounds: 8 });
  });

  it('streams Claude’s answer, runs the add tool on the hosted server and sends the result back', async () => {
    fake.requests.length = 0;
    let toolUseId = '';
    fake.enqueue(
      {
        content: [{ text: 'I will add them.' }, { toolUse: { name: 'add', input: { a: 2, b: 40 } } }],
        stream: { chunkSize: 4 },
      },
      (request: FakeRequest) => {
        toolUseId = fake.requests[0]!.toolUseIds![0]!;
        const last = request.body.messages.at(-1);
        const result = last.content.find((b: { type: string }) => b.type === 'tool_result');
        return { text: `The sum is ${JSON.parse(result.content).sum}.`, stream: { chunkSize: 3 } };
      },
    );
    const { res, events } = await chat(ada, connectorId, ask('What is 2 + 40?'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');

    // What Claude got: the connector's tools, streaming on, and then the real result of the call.
    const first = fake.requests[0]!.body;
    expect(first.stream).toBe(true);
    expect(first.tools.map((t: { name: string }) => t.name).sort()).toEqual(['add', 'echo']);
    expect(first.tools.find((t: { name: string }) => t.name === 'add').input_schema).toMatchObject({
      type: 'object',
      required: ['a', 'b'],
    });
    const second = fake.requests[1]!.body;
    expect(second.messages).toHaveLength(3);
    expect(second.messages[1].content[1]).toMatchObject({ type: 'tool_use', id: toolUseId, name: 'add' });
    expect(second.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: toolUseId, content: '{"sum":42}' }],
    });

    // What the browser got, in order: streamed text, the call, its result, more text, done.
    const kinds = events.map((e) => e.event).filter((k, i, all) => k !== all[i - 1]);
    expect(kinds).toEqual(['text', 'tool_use', 'tool_result', 'text', 'done']);
    expect(events.filter((e) => e.event === 'text').length).toBeGreaterThan(4);
    expect(textOf(events)).toBe('I will add them.The sum is 42.');
    const use = events.find((e) => e.event === 'tool_use')!.data;
    expect(use).toEqual({ id: toolUseId, name: 'add', input: { a: 2, b: 40 }, round: 1 });
    const result = events.find((e) => e.event === 'tool_result')!.data;
    expect(result).toMatchObject({ id: toolUseId, name: 'add', isError: false });
    expect(result.result.structuredContent).toEqual({ sum: 42 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const done = events.at(-1)!.data;
    expect(done).toMatchObject({ stopReason: 'end_turn', toolRounds: 1 });
    expect(done.messages).toHaveLength(4);
    expect(done.messages[3]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'The sum is 42.' }],
    });

    // The next turn sends the conversation back, and the API takes it as it is.
    fake.enqueue({ text: 'You are welcome.' });
    const next = await chat(ada, connectorId, [...done.messages, { role: 'user', content: 'Thanks!' }]);
    expect(next.events.at(-1), next.text).toMatchObject({ event: 'done', data: { stopReason: 'end_turn' } });
    expect(fake.requests[2]!.body.messages).toHaveLength(5);

    // No token ever reaches Claude or the browser; the audit names the chat and the call, not the content.
    const tokens = await oauthTokens(connectorId);
    const everything = JSON.stringify(fake.requests.map((r) => r.body)) + JSON.stringify(events);
    expect(everything).not.toContain(tokens.access_token);
    expect(everything).not.toContain(tokens.refresh_token);
    const audit = await platform.db
      .selectFrom('audit_events')
      .select(['action', 'metadata'])
      .where('resource_id', '=', connectorId)
      .where('action', 'in', ['connector.chat', 'connector.call'])
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['connector.chat', 'connector.call', 'connector.chat']);
    expect(audit[0]!.metadata).toEqual({ model: 'claude-sonnet-5-5', messages: 1 });
    expect(audit[1]!.metadata).toEqual({ tool: 'add', status: 'ok', via: 'chat' });
    expect(JSON.stringify(audit)).not.toMatch(/2 \+ 40|Thanks/);
  });

  it('stops after 8 rounds of tool calls with a notice, every call answered', async () => {
    fake.requests.length = 0;
    for (let i = 0; i < 9; i++)
      fake.enqueue({ content: [{ toolUse: { name: 'add', input: { a: i, b: 1 } } }] });
    const { events } = await chat(ada, connectorId, ask('Keep adding.'));
    expect(fake.requests).toHaveLength(9);
    expect(events.filter((e) => e.event === 'tool_use')).toHaveLength(8);
    const results = events.filter((e) => e.event === 'tool_result');
    expect(results.map((e) => e.data.result.structuredContent.sum)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data).toMatchObject({ stopReason: 'step_limit', toolRounds: 8 });
    expect(done.data.notice).toMatch(/Stopped after 8 rounds of tool calls/);
    // The conversation ends on the last results: the ninth request's tool call was never made.
    expect(done.data.messages).toHaveLength(17);
    expect(done.data.messages.at(-1).content[0].type).toBe('tool_result');
  });

  it('refuses a conversation the Messages API would refuse, precisely and before calling Claude', async () => {
    fake.requests.length = 0;
    const cases: Array<[unknown, string]> = [
      [[{ role: 'assistant', content: 'hi' }], 'messages.0.role'],
      [
        [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
        ],
        'messages.1.role',
      ],
      [
        [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: '1' }] }],
        'messages.0.content.0.tool_use_id',
      ],
      [
        [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_y', name: 'add', input: {} }] },
          { role: 'user', content: 'b' },
        ],
        'messages.1.content.0',
      ],
    ];
    for (const [messages, field] of cases) {
      const { res, text } = await chat(ada, connectorId, messages as unknown[]);
      expect(res.status, field).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = JSON.parse(text);
      expect(problem.code, text).toBe('invalid_conversation');
      expect(problem.fields[0].field).toBe(field);
    }
    for (const messages of [
      [{ role: 'system', content: 'x' }],
      Array.from({ length: 101 }, () => ({ role: 'user', content: 'x' })),
      [{ role: 'user', content: 'x'.repeat(50_001) }],
      [{ role: 'user', content: [{ type: 'image', source: {} }] }],
      [],
    ]) {
      const { res } = await chat(ada, connectorId, messages);
      expect(res.status).toBe(400);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('hands a tool error to Claude as an error result, and Claude explains', async () => {
    fake.requests.length = 0;
    fake.enqueue({ content: [{ toolUse: { name: 'add', input: { a: 'two' } } }] }, (request: FakeRequest) => {
      const result = request.body.messages.at(-1).content[0];
      return { text: result.is_error ? 'The tool refused those inputs.' : 'It worked?' };
    });
    const { events } = await chat(ada, connectorId, ask('Add two and nothing.'));
    const result = events.find((e) => e.event === 'tool_result')!.data;
    expect(result.isError).toBe(true);
    expect(fake.requests[1]!.body.messages.at(-1).content[0]).toMatchObject({
      type: 'tool_result',
      is_error: true,
    });
    expect(textOf(events)).toBe('The tool refused those inputs.');
    expect(events.at(-1)!.event).toBe('done');
  });

  it('says so when the server cannot even list its tools', async () => {
    const { freePort } = await import('@bmm/db');
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'Nothing listens here',
      url: `http://127.0.0.1:${await freePort()}/mcp`,
      authType: 'none',
    });
    fake.requests.length = 0;
    const { events } = await chat(ada, created.body.connector.id, ask('hi'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'error',
      data: { code: 'connector_failed', messages: ask('hi') },
    });
    expect(events[0]!.data.message).toMatch(/^The remote server failed: /);
    expect(fake.requests).toHaveLength(0);
  });

  it('answers 404 for another person’s connector', async () => {
    const bob = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    await bob.signUp('bob.chat@example.com');
    const { res, text } = await chat(bob, connectorId, ask('hi'));
    expect(res.status).toBe(404);
    expect(JSON.parse(text).code).toBe('not_found');
  });

  it('reports Claude’s failures as a sentence, with the conversation unchanged', async () => {
    fake.enqueue({ status: 401 });
    const { events } = await chat(ada, connectorId, ask('hi'));
    expect(events).toEqual([
      {
        event: 'error',
        data: {
          code: 'upstream_auth',
          message:
            'The platform’s Anthropic API key was refused. Ask the operator to check ANTHROPIC_API_KEY.',
          messages: ask('hi'),
        },
      },
    ]);
  });

  it('aborts the Claude stream when the person goes away', async () => {
    fake.requests.length = 0;
    fake.enqueue({ text: 'a long answer that never ends', stream: { chunkSize: 2, stallAfterDeltas: 1 } });
    const controller = new AbortController();
    const res = await fetch(`${platform.urls.API_URL}/v1/connectors/${connectorId}/chat`, {
      method: 'POST',
      headers: { origin: ada.webUrl, cookie: ada.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: ask('Talk to me.') }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: text');
    controller.abort();
    await expect.poll(() => fake.requests[0]?.closedEarly, { timeout: 5000 }).toBe(true);
  });

  it('stops with a sign-in error (and flips the status) when the connector lost its sign-in', async () => {
    const row = await platform.db
      .selectFrom('connectors')
      .select('oauth_ciphertext')
      .where('id', '=', connectorId)
      .executeTakeFirstOrThrow();
    const aad = `connector:${connectorId}:oauth`;
    const data = JSON.parse(platform.keyring.decryptString(row.oauth_ciphertext!, aad));
    delete data.tokens;
    await platform.db
      .updateTable('connectors')
      .set({ oauth_ciphertext: platform.keyring.encrypt(JSON.stringify(data), aad) })
      .where('id', '=', connectorId)
      .execute();
    fake.enqueue({ content: [{ toolUse: { name: 'add', input: { a: 1, b: 1 } } }] });
    const { events } = await chat(ada, connectorId, ask('Add 1 and 1.'));
    expect(events.map((e) => e.event)).toEqual(['tool_use', 'error']);
    expect(events[1]!.data).toEqual({
      code: 'signin_required',
      message: 'Sign in to this connector again, then ask once more.',
      messages: ask('Add 1 and 1.'),
    });
    expect((await ada.call('GET', `/v1/connectors/${connectorId}`)).body.connector.status).toBe(
      'signin_required',
    );
  });
});

describe('without ANTHROPIC_API_KEY', () => {
  it('says why chat is absent and refuses to chat', async () => {
    const db = createDb(platform.databaseUrl, { max: 2 });
    const keyless = await buildApi({
      db,
      logger: createLogger({ name: 'api-keyless', level: 'silent' }),
      keyring: platform.keyring,
      planner: createPlanner({}),
      config: { ...platform.urls, allowPrivateNetwork: true },
    });
    try {
      const login = await keyless.inject({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { origin: platform.urls.WEB_URL },
        payload: { email: 'ada.chat@example.com', password: 'correct horse battery staple' },
      });
      const cookies = { bmm_session: login.cookies.find((c) => c.name === 'bmm_session')!.value };
      const capability = await keyless.inject({ method: 'GET', url: '/v1/connectors/chat', cookies });
      expect(capability.json()).toEqual({
        available: false,
        reason:
          'Chat needs an Anthropic API key, which the operator sets on the api service (ANTHROPIC_API_KEY). The Tools tab works without it.',
      });
      const refused = await keyless.inject({
        method: 'POST',
        url: `/v1/connectors/${connectorId}/chat`,
        headers: { origin: platform.urls.WEB_URL },
        cookies,
        payload: { messages: ask('hi') },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'chat_unavailable' });
    } finally {
      await keyless.close();
      await db.destroy();
    }
  });
});

describe('bounds of time', () => {
  it('ends an answer at the chat deadline, and every open answer when the api shuts down', async () => {
    const db = createDb(platform.databaseUrl, { max: 2 });
    const api = await buildApi({
      db,
      logger: createLogger({ name: 'api-deadline', level: 'silent' }),
      keyring: platform.keyring,
      planner: createPlanner({}),
      chat: {
        apiKey: 'sk-ant-platform-test',
        baseURL: fake.url,
        model: 'claude-sonnet-5-5',
        timeoutMs: 1500,
      },
      config: { ...platform.urls, allowPrivateNetwork: true },
    });
    try {
      const address = await api.listen({ port: 0, host: '127.0.0.1' });
      const post = (path: string, body: unknown, cookie = '') =>
        fetch(`${address}${path}`, {
          method: 'POST',
          headers: { origin: platform.urls.WEB_URL, 'content-type': 'application/json', cookie },
          body: JSON.stringify(body),
        });
      const login = await post('/v1/auth/login', {
        email: 'ada.chat@example.com',
        password: 'correct horse battery staple',
      });
      const cookie = login.headers
        .getSetCookie()
        .find((c) => c.startsWith('bmm_session='))!
        .split(';')[0]!;
      // Ada signed in again to the connector: the earlier test took her tokens away.
      await signInConnector(ada, platform.urls.OAUTH_ISSUER, connectorId);

      fake.enqueue({ text: 'never finished', stream: { chunkSize: 2, stallAfterDeltas: 1 } });
      const started = performance.now();
      const timedOut = await post(`/v1/connectors/${connectorId}/chat`, { messages: ask('Slow?') }, cookie);
      const events = parseEvents(await timedOut.text());
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(events.at(-1)).toEqual({
        event: 'error',
        data: { code: 'chat_timeout', message: 'The chat stopped after 2 seconds.', messages: ask('Slow?') },
      });

      fake.enqueue({ text: 'cut by a restart', stream: { chunkSize: 2, stallAfterDeltas: 1 } });
      const open = await post(
        `/v1/connectors/${connectorId}/chat`,
        { messages: ask('Still there?') },
        cookie,
      );
      const reader = open.body!.getReader();
      await reader.read();
      const closed = api.close();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      await closed;
      expect(parseEvents(text).at(-1)).toMatchObject({
        event: 'error',
        data: { code: 'service_restarting', message: 'The service is restarting. Ask again in a moment.' },
      });
    } finally {
      await api.close();
      await db.destroy();
    }
  });
});
