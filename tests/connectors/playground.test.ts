/**
 * The playground's api against the real platform: "Try it" finds or makes your own OAuth connector
 * to a hosted server (signed in through our AS and consent), and every call lands in your history,
 * sealed, pruned to the last 20, visible to you alone, gone with its connector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../support/consent.ts';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

let platform: Platform;
let ada: Session;
let adaOrg: string;
let serverId: string;
let mcpUrl: string;
const slug = 'playground-calc';

beforeAll(async () => {
  platform = await startPlatform();
  ada = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  adaOrg = (await ada.signUp('ada.playground@example.com')).org.id;
  ({ serverId } = await deployHostedServer(platform.db, adaOrg, calculatorSpec(slug)));
  mcpUrl = `${platform.urls.RUNNER_URL}/${slug}/mcp`;
});
afterAll(async () => {
  await platform?.stop();
});

async function signIn(user: Session, connectorId: string) {
  const start = await user.call('POST', `/v1/connectors/${connectorId}/oauth/start`);
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const callback = await approveConsent(
    platform.urls.OAUTH_ISSUER,
    platform.urls.WEB_URL,
    user,
    start.body.authorize_url,
  );
  const page = await fetch(callback);
  expect(await page.text()).toContain('"status":"ready"');
}

describe('Try it: one click to a connector of your own', () => {
  let connectorId: string;

  it('creates an OAuth connector to the server’s MCP URL that needs a sign-in, once', async () => {
    const first = await ada.call('POST', `/v1/servers/${serverId}/try`);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      signInRequired: true,
      connector: { name: 'Calculator', url: mcpUrl, authType: 'oauth', status: 'signin_required' },
    });
    connectorId = first.body.connector.id;
    // Two clicks at once still make one connector.
    const again = await Promise.all([
      ada.call('POST', `/v1/servers/${serverId}/try`),
      ada.call('POST', `/v1/servers/${serverId}/try`),
    ]);
    for (const res of again) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: false, connector: { id: connectorId } });
    }
    const all = (await ada.call('GET', '/v1/connectors')).body.connectors;
    expect(all.filter((c: { url: string }) => c.url === mcpUrl)).toHaveLength(1);
    const audit = await platform.db
      .selectFrom('audit_events')
      .select(['action', 'metadata'])
      .where('resource_id', '=', connectorId)
      .execute();
    expect(audit).toEqual([
      {
        action: 'connector.create',
        metadata: { name: 'Calculator', url: mcpUrl, auth_type: 'oauth', server_id: serverId, via: 'try' },
      },
    ]);
  });

  it('signs in through our own AS and consent, after which Try it needs no sign-in', async () => {
    await signIn(ada, connectorId);
    const res = await ada.call('POST', `/v1/servers/${serverId}/try`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: false,
      signInRequired: false,
      connector: { id: connectorId, signedIn: true },
    });
    const refreshed = await ada.call('POST', `/v1/connectors/${connectorId}/tools/refresh`);
    expect(refreshed.body.connector.tools.map((t: { name: string }) => t.name).sort()).toEqual([
      'add',
      'echo',
    ]);
  });

  it('refuses servers that are not live, not this org’s, or unknown, and API keys', async () => {
    const draft = await platform.db
      .insertInto('servers')
      .values({ org_id: adaOrg, slug: 'playground-draft', name: 'Draft', description: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notLive = await ada.call('POST', `/v1/servers/${draft.id}/try`);
    expect(notLive.status).toBe(409);
    expect(notLive.body.code).toBe('server_not_live');

    const bob = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    await bob.signUp('bob.playground@example.com');
    const foreign = await bob.call('POST', `/v1/servers/${serverId}/try`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
    const unknown = await ada.call('POST', '/v1/servers/00000000-0000-4000-8000-000000000000/try');
    expect(unknown.status).toBe(404);
    const badId = await ada.call('POST', '/v1/servers/not-a-uuid/try');
    expect(badId.status).toBe(400);

    const key = await ada.call('POST', '/v1/api-keys', { name: 'playground' });
    const viaKey = await fetch(`${platform.urls.API_URL}/v1/servers/${serverId}/try`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.body.key}` },
    });
    expect(viaKey.status).toBe(403);
    expect(((await viaKey.json()) as { code: string }).code).toBe('person_required');
  });
});

describe('call history', () => {
  let connectorId: string;

  beforeAll(async () => {
    connectorId = (await ada.call('POST', `/v1/servers/${serverId}/try`)).body.connector.id;
  });

  it('records a call with its arguments, result and exchange, sealed to the row and the person', async () => {
    const call = await ada.call('POST', `/v1/connectors/${connectorId}/call`, {
      tool: 'add',
      arguments: { a: 20, b: 22 },
    });
    expect(call.status, JSON.stringify(call.body)).toBe(200);
    const list = await ada.call('GET', '/v1/connectors/calls');
    expect(list.status).toBe(200);
    const [newest] = list.body.calls;
    expect(newest).toMatchObject({
      connectorId,
      connectorName: 'Calculator',
      tool: 'add',
      outcome: 'ok',
      durationMs: call.body.durationMs,
    });
    expect(newest).not.toHaveProperty('arguments');

    const detail = await ada.call('GET', `/v1/connectors/calls/${newest.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.call).toMatchObject({
      id: newest.id,
      tool: 'add',
      arguments: { a: 20, b: 22 },
      result: { structuredContent: { sum: 42 } },
      error: null,
      truncated: false,
    });
    expect(detail.body.call.exchanges).toEqual(call.body.exchanges);

    const row = await platform.db
      .selectFrom('connector_calls')
      .selectAll()
      .where('id', '=', newest.id)
      .executeTakeFirstOrThrow();
    // A sealed envelope is base64url: no JSON of the arguments or result shows through.
    expect(row.payload_ciphertext).toMatch(/^[\w.-]+$/);
    expect(row.payload_ciphertext).not.toMatch(/"a"|structuredContent/);
    expect(
      JSON.parse(
        platform.keyring.decryptString(row.payload_ciphertext, `connector-call:${row.id}:${row.user_id}`),
      ).arguments,
    ).toEqual({ a: 20, b: 22 });
    // Bound to its row and person: the same ciphertext under another id or person does not open.
    expect(() =>
      platform.keyring.decryptString(row.payload_ciphertext, `connector-call:${connectorId}:${row.user_id}`),
    ).toThrow();
    expect(() =>
      platform.keyring.decryptString(row.payload_ciphertext, `connector-call:${row.id}:${connectorId}`),
    ).toThrow();
  });

  it('records tool errors and failed calls too, with the problem the caller got', async () => {
    const toolError = await ada.call('POST', `/v1/connectors/${connectorId}/call`, {
      tool: 'add',
      arguments: { a: 'not a number' },
    });
    expect(toolError.status, JSON.stringify(toolError.body)).toBe(200);
    expect(toolError.body.result.isError).toBe(true);

    const unsigned = await ada.call('POST', '/v1/connectors', {
      name: 'Unsigned',
      url: mcpUrl,
      authType: 'oauth',
    });
    const failed = await ada.call('POST', `/v1/connectors/${unsigned.body.connector.id}/call`, {
      tool: 'echo',
      arguments: { text: 'hello' },
    });
    expect(failed.status).toBe(409);

    const calls = (await ada.call('GET', '/v1/connectors/calls')).body.calls;
    expect(
      calls.slice(0, 2).map((c: { outcome: string; connectorName: string }) => [c.outcome, c.connectorName]),
    ).toEqual([
      ['failed', 'Unsigned'],
      ['tool_error', 'Calculator'],
    ]);
    const detail = (await ada.call('GET', `/v1/connectors/calls/${calls[0].id}`)).body.call;
    expect(detail).toMatchObject({
      arguments: { text: 'hello' },
      result: null,
      error: { code: 'signin_required', detail: 'Sign in to this connector again.' },
      exchanges: [],
    });
    // Filtered by connector.
    const only = await ada.call('GET', `/v1/connectors/calls?connectorId=${unsigned.body.connector.id}`);
    expect(only.body.calls.map((c: { id: string }) => c.id)).toEqual([calls[0].id]);
    // Removing a connector removes its history.
    expect((await ada.call('DELETE', `/v1/connectors/${unsigned.body.connector.id}`)).status).toBe(204);
    expect((await ada.call('GET', `/v1/connectors/calls/${calls[0].id}`)).status).toBe(404);
    const left = await platform.db
      .selectFrom('connector_calls')
      .select('id')
      .where('connector_id', '=', unsigned.body.connector.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('keeps the last 20 calls per person, in the same transaction as each call', async () => {
    for (let i = 0; i < 22; i++) {
      const res = await ada.call('POST', `/v1/connectors/${connectorId}/call`, {
        tool: 'echo',
        arguments: { text: `call ${i}` },
      });
      expect(res.status).toBe(200);
    }
    const calls = (await ada.call('GET', '/v1/connectors/calls')).body.calls;
    expect(calls).toHaveLength(20);
    const texts = await Promise.all(
      [calls[0], calls[19]].map(
        async (c: { id: string }) =>
          (await ada.call('GET', `/v1/connectors/calls/${c.id}`)).body.call.arguments.text,
      ),
    );
    expect(texts).toEqual(['call 21', 'call 2']);
    const stored = await platform.db
      .selectFrom('connector_calls')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .innerJoin('users', 'users.id', 'connector_calls.user_id')
      .where('users.email', '=', 'ada.playground@example.com')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(20);
  });

  it('shows nobody else your calls, and forgets them on request', async () => {
    const mine = (await ada.call('GET', '/v1/connectors/calls')).body.calls;
    const bob = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    await bob.signUp('bob.history@example.com');
    expect((await bob.call('GET', '/v1/connectors/calls')).body.calls).toEqual([]);
    const peek = await bob.call('GET', `/v1/connectors/calls/${mine[0].id}`);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('not_found');

    expect((await ada.call('DELETE', '/v1/connectors/calls')).status).toBe(204);
    expect((await ada.call('GET', '/v1/connectors/calls')).body.calls).toEqual([]);
    const cleared = await platform.db
      .selectFrom('audit_events')
      .select('metadata')
      .where('action', '=', 'connector.history_clear')
      .executeTakeFirstOrThrow();
    expect(cleared.metadata).toEqual({ calls: 20 });
    // Audit keeps tool names and outcomes, never arguments.
    const audit = await platform.db
      .selectFrom('audit_events')
      .select('metadata')
      .where('action', '=', 'connector.call')
      .execute();
    expect(JSON.stringify(audit)).not.toMatch(/call 21|"a":20|hello/);
  });
});
