import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug, weatherSpec } from './fixtures.js';
import { auditActions, createServer, signUp, startApi, type TestApp, withKey } from './helpers.js';

let api: TestApp;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** Invites `email` into the owner's org with `role` and accepts it as `invitee`. */
async function join(
  owner: Awaited<ReturnType<typeof signUp>>,
  invitee: Awaited<ReturnType<typeof signUp>>,
  role: string,
) {
  const inv = await owner.browser.call('POST', '/v1/invitations', { email: invitee.email, role });
  expect(inv.statusCode).toBe(201);
  const token = new URL(inv.json().acceptUrl).searchParams.get('token')!;
  const res = await invitee.browser.call('POST', '/v1/invitations/accept', { token });
  expect(res.statusCode).toBe(200);
  return { token, invitationId: inv.json().invitation.id as string };
}

describe('GET/PATCH /v1/me/org and switching', () => {
  it('shows plan, usage against limits, members and encryption status', async () => {
    const owner = await signUp(api.app, 'Olive');
    await createServer(owner.browser.call.bind(owner.browser), { secrets: { WEATHER_KEY: 'sk-1234567890' } });
    await api.t.db
      .insertInto('usage_daily')
      .values({
        org_id: owner.orgId,
        server_id: (
          await api.t.db
            .selectFrom('servers')
            .select('id')
            .where('org_id', '=', owner.orgId)
            .executeTakeFirstOrThrow()
        ).id,
        day: new Date().toISOString().slice(0, 10),
        calls: 42,
        errors: 1,
      })
      .execute();
    const res = await owner.browser.call('GET', '/v1/me/org');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      org: { id: owner.orgId, plan: 'free' },
      role: 'owner',
      limits: { name: 'Free', servers: 5, members: 5, toolCallsPerMonth: 10_000 },
      usage: { month: new Date().toISOString().slice(0, 7), toolCalls: 42, servers: 1, members: 1 },
      members: [{ userId: owner.userId, email: owner.email, role: 'owner' }],
      encryption: { masterKey: true, keyVersion: 3, encryptedSecrets: 1 },
    });
  });

  it('lets admins rename the org, not members', async () => {
    const owner = await signUp(api.app);
    const member = await signUp(api.app, 'Mel');
    await join(owner, member, 'member');
    const denied = await member.browser.call('PATCH', '/v1/me/org', { name: 'Mine now' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('insufficient_role');
    const ok = await owner.browser.call('PATCH', '/v1/me/org', { name: 'Acme' });
    expect(ok.json().org.name).toBe('Acme');
    expect(await auditActions(api.t, owner.orgId)).toContain('org.update');
  });

  it('switches the active org only to orgs the person belongs to', async () => {
    const owner = await signUp(api.app);
    const other = await signUp(api.app);
    await join(owner, other, 'admin');
    // accepting made the new org active
    expect((await other.browser.call('GET', '/v1/me')).json().activeOrgId).toBe(owner.orgId);
    const back = await other.browser.call('POST', '/v1/me/org/switch', { orgId: other.orgId });
    expect(back.json()).toEqual({ activeOrgId: other.orgId, role: 'owner' });
    expect((await other.browser.call('GET', '/v1/me/org')).json().org.id).toBe(other.orgId);
    const stranger = await signUp(api.app);
    const denied = await stranger.browser.call('POST', '/v1/me/org/switch', { orgId: owner.orgId });
    expect(denied.statusCode).toBe(404);
  });
});

describe('invitations', () => {
  it('creates a hashed 7-day invitation, lists, revokes, and accepts only for the right email', async () => {
    const owner = await signUp(api.app);
    const invitee = await signUp(api.app, 'Ivy');
    const created = await owner.browser.call('POST', '/v1/invitations', {
      email: ` ${invitee.email.toUpperCase()} `,
      role: 'admin',
    });
    expect(created.statusCode).toBe(201);
    const { invitation, acceptUrl } = created.json();
    expect(acceptUrl).toMatch(/^http:\/\/web\.test\/invitations\/accept\?token=bmm_inv_/);
    expect(invitation.email).toBe(invitee.email);
    expect(new Date(invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    const token = new URL(acceptUrl).searchParams.get('token')!;
    const row = await api.t.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect(
      (await owner.browser.call('GET', '/v1/invitations'))
        .json()
        .invitations.map((i: { id: string }) => i.id),
    ).toEqual([invitation.id]);

    const wrongPerson = await signUp(api.app);
    const mismatch = await wrongPerson.browser.call('POST', '/v1/invitations/accept', { token });
    expect(mismatch.json()).toMatchObject({ status: 403, code: 'invitation_email_mismatch' });
    const accepted = await invitee.browser.call('POST', '/v1/invitations/accept', { token });
    expect(accepted.json()).toEqual({ orgId: owner.orgId, role: 'admin' });
    const reused = await invitee.browser.call('POST', '/v1/invitations/accept', { token });
    expect(reused.json()).toMatchObject({ status: 404, code: 'invitation_not_found' });
    const again = await owner.browser.call('POST', '/v1/invitations', {
      email: invitee.email,
      role: 'member',
    });
    expect(again.json().code).toBe('already_member');

    const second = await owner.browser.call('POST', '/v1/invitations', {
      email: 'later@example.com',
      role: 'member',
    });
    expect(
      (await owner.browser.call('DELETE', `/v1/invitations/${second.json().invitation.id}`)).statusCode,
    ).toBe(204);
    expect(
      (await owner.browser.call('DELETE', `/v1/invitations/${second.json().invitation.id}`)).statusCode,
    ).toBe(404);
    expect(await auditActions(api.t, owner.orgId)).toEqual(
      expect.arrayContaining(['invitation.create', 'invitation.accept', 'invitation.revoke']),
    );
  });

  it('refuses expired invitations, owner invites by admins, and members inviting', async () => {
    const owner = await signUp(api.app);
    const admin = await signUp(api.app);
    const member = await signUp(api.app);
    await join(owner, admin, 'admin');
    await join(owner, member, 'member');
    expect(
      (await admin.browser.call('POST', '/v1/invitations', { email: 'x@example.com', role: 'owner' })).json()
        .code,
    ).toBe('insufficient_role');
    expect(
      (await member.browser.call('POST', '/v1/invitations', { email: 'x@example.com', role: 'member' }))
        .statusCode,
    ).toBe(403);
    const late = await signUp(api.app);
    const inv = await owner.browser.call('POST', '/v1/invitations', { email: late.email, role: 'member' });
    await api.t.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', inv.json().invitation.id)
      .execute();
    const token = new URL(inv.json().acceptUrl).searchParams.get('token')!;
    expect((await late.browser.call('POST', '/v1/invitations/accept', { token })).json().code).toBe(
      'invitation_not_found',
    );
  });
});

describe('members and roles', () => {
  it('enforces owner/admin/member and protects the last owner', async () => {
    const owner = await signUp(api.app);
    const admin = await signUp(api.app);
    const member = await signUp(api.app);
    await join(owner, admin, 'admin');
    await join(owner, member, 'member');
    const list = await member.browser.call('GET', '/v1/members');
    expect(list.json().members.map((m: { role: string }) => m.role)).toEqual(['owner', 'admin', 'member']);

    expect(
      (await member.browser.call('PATCH', `/v1/members/${admin.userId}`, { role: 'member' })).statusCode,
    ).toBe(403);
    expect(
      (await admin.browser.call('PATCH', `/v1/members/${owner.userId}`, { role: 'member' })).json().code,
    ).toBe('insufficient_role');
    expect(
      (await admin.browser.call('PATCH', `/v1/members/${member.userId}`, { role: 'owner' })).json().code,
    ).toBe('insufficient_role');
    const demoteSelf = await owner.browser.call('PATCH', `/v1/members/${owner.userId}`, { role: 'admin' });
    expect(demoteSelf.json()).toMatchObject({ status: 409, code: 'last_owner' });
    const leave = await owner.browser.call('DELETE', `/v1/members/${owner.userId}`);
    expect(leave.json().code).toBe('last_owner');

    const promote = await admin.browser.call('PATCH', `/v1/members/${member.userId}`, { role: 'admin' });
    expect(promote.json().member).toMatchObject({ userId: member.userId, role: 'admin' });
    const server = await createServer(member.browser.call.bind(member.browser));
    expect(
      (await member.browser.call('PATCH', `/v1/members/${member.userId}`, { role: 'member' })).statusCode,
    ).toBe(200);
    const del = await member.browser.call('DELETE', `/v1/servers/${server.id}`);
    expect(del.json()).toMatchObject({ status: 403, code: 'insufficient_role' });

    expect(
      (await owner.browser.call('PATCH', `/v1/members/${admin.userId}`, { role: 'owner' })).statusCode,
    ).toBe(200);
    expect((await owner.browser.call('DELETE', `/v1/members/${owner.userId}`)).statusCode).toBe(204);
    expect((await admin.browser.call('DELETE', `/v1/members/${member.userId}`)).statusCode).toBe(204);
    expect((await admin.browser.call('DELETE', `/v1/members/${member.userId}`)).statusCode).toBe(404);
    expect(await auditActions(api.t, owner.orgId)).toEqual(
      expect.arrayContaining(['member.role_change', 'member.leave', 'member.remove']),
    );
    // the member who was removed falls back to their own org
    expect((await member.browser.call('GET', '/v1/me')).json().activeOrgId).toBe(member.orgId);
  });
});

describe('API keys', () => {
  it('creates a key shown once, authenticates as the org, lists prefixes only, and revokes', async () => {
    const owner = await signUp(api.app);
    const res = await owner.browser.call('POST', '/v1/api-keys', { name: 'CI' });
    expect(res.statusCode).toBe(201);
    const { key, apiKey } = res.json();
    expect(key).toMatch(/^bmm_live_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 17));
    const row = await api.t.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(key.slice(9));
    expect(row.last_used_at).toBeNull();

    const call = withKey(api.app, key);
    const servers = await call('GET', '/v1/servers');
    expect(servers.statusCode).toBe(200);
    const slug = uniqueSlug('ci');
    const created = await call('POST', '/v1/servers', { name: 'From CI', slug, spec: weatherSpec(slug) });
    expect(created.statusCode).toBe(201);
    const server = await api.t.db
      .selectFrom('servers')
      .select('created_by')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    expect(server.created_by).toBeNull();
    const used = await api.t.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).toBeInstanceOf(Date);
    await call('GET', '/v1/servers');
    const again = await api.t.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(again.last_used_at?.getTime()).toBe(used.last_used_at?.getTime());

    // keys cannot mint keys or manage people
    expect((await call('POST', '/v1/api-keys', { name: 'more' })).json().code).toBe('person_required');
    expect((await call('GET', '/v1/me')).json().code).toBe('person_required');

    const list = await owner.browser.call('GET', '/v1/api-keys');
    expect(list.json().apiKeys).toEqual([expect.objectContaining({ id: apiKey.id, prefix: apiKey.prefix })]);
    expect(list.body).not.toContain(key);
    expect((await owner.browser.call('DELETE', `/v1/api-keys/${apiKey.id}`)).statusCode).toBe(204);
    const revoked = await call('GET', '/v1/servers');
    expect(revoked.json()).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await withKey(api.app, 'bmm_live_nope')('GET', '/v1/servers')).statusCode).toBe(401);
    expect(await auditActions(api.t, owner.orgId)).toEqual(
      expect.arrayContaining(['api_key.create', 'api_key.revoke']),
    );
  });

  it('ignores cookies and CSRF for API-key calls from any origin', async () => {
    const owner = await signUp(api.app);
    const key = (await owner.browser.call('POST', '/v1/api-keys', { name: 'x' })).json().key;
    const res = await api.app.inject({
      method: 'PATCH',
      url: '/v1/me/org',
      headers: { authorization: `Bearer ${key}`, origin: 'http://evil.test' },
      payload: { name: 'By key' },
    });
    expect(res.statusCode).toBe(200);
    const audit = await api.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'org.update')
      .where('org_id', '=', owner.orgId)
      .executeTakeFirstOrThrow();
    expect(audit.actor_type).toBe('api_key');
  });

  it('refuses members managing keys', async () => {
    const owner = await signUp(api.app);
    const member = await signUp(api.app);
    await join(owner, member, 'member');
    expect((await member.browser.call('POST', '/v1/api-keys', { name: 'x' })).json().code).toBe(
      'insufficient_role',
    );
  });
});
