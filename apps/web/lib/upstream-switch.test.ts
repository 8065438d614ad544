import { describe, expect, it } from 'vitest';
import { type SpecLike, switchToPersonalToken, switchToSignIn, type ToolLike } from './upstream-switch';

const spec: SpecLike = {
  name: 'Linear',
  secrets: [
    { name: 'LINEAR_CLIENT_ID', description: 'id', required: false },
    { name: 'LINEAR_CLIENT_SECRET', description: 'secret', required: false },
    { name: 'OTHER_KEY', description: 'other', required: true },
  ],
  upstreams: [
    {
      id: 'linear',
      name: 'Linear',
      preset: 'linear',
      scopes: ['read'],
      clientIdSecret: 'LINEAR_CLIENT_ID',
      clientSecretSecret: 'LINEAR_CLIENT_SECRET',
    },
  ],
};
const tools: ToolLike[] = [
  {
    name: 'linear_create_issue',
    upstreamScopes: { linear: ['issues:create'] },
    impl: {
      kind: 'http',
      method: 'POST',
      url: 'https://api.linear.app/graphql',
      headers: {
        Authorization: 'Bearer {{upstream.linear.accessToken}}',
        'X-Other': '{{secrets.OTHER_KEY}}',
      },
      body: { query: 'q', variables: { token: '{{ upstream.linear.accessToken }}' } },
    },
  },
  { name: 'calc', impl: { kind: 'code', source: 'export default async () => 1' } },
];
const option = {
  upstreamId: 'linear',
  secret: { name: 'LINEAR_API_KEY', description: 'key', required: true },
  authorization: '{{secrets.LINEAR_API_KEY}}',
};

describe('switching an upstream sign-in to a personal token and back', () => {
  it('replaces the token placeholders, the upstream and its credentials with the one secret', () => {
    const { spec: s, tools: t } = switchToPersonalToken(spec, tools, option);
    expect(s.upstreams).toBeUndefined();
    expect(s.secrets.map((x) => x.name)).toEqual(['OTHER_KEY', 'LINEAR_API_KEY']);
    expect(t[0]!.upstreamScopes).toBeUndefined();
    expect(t[0]!.impl.headers).toEqual({
      Authorization: '{{secrets.LINEAR_API_KEY}}',
      'X-Other': '{{secrets.OTHER_KEY}}',
    });
    expect(t[0]!.impl.body.variables.token).toBe('{{secrets.LINEAR_API_KEY}}');
    expect(JSON.stringify(t)).not.toContain('upstream.');
    expect(t[1]).toEqual(tools[1]);
  });

  it('uses Bearer with the secret when the provider needs nothing special', () => {
    const { tools: t } = switchToPersonalToken(spec, tools, { ...option, authorization: undefined });
    expect(t[0]!.impl.headers.Authorization).toBe('Bearer {{secrets.LINEAR_API_KEY}}');
  });

  it('restores exactly the sign-in it took out', () => {
    const away = switchToPersonalToken(spec, tools, option);
    const back = switchToSignIn(away.spec, away.tools, away.stash);
    expect(back.spec.upstreams).toEqual(spec.upstreams);
    expect(back.spec.secrets.map((x) => x.name).sort()).toEqual(spec.secrets.map((x) => x.name).sort());
    expect(back.tools[0]!.upstreamScopes).toEqual({ linear: ['issues:create'] });
    expect(back.tools[0]!.impl.headers.Authorization).toBe('Bearer {{upstream.linear.accessToken}}');
    expect(back.tools[0]!.impl.body.variables.token).toBe('{{upstream.linear.accessToken}}');
  });

  it('refuses when a code tool reads the upstream itself, or the upstream is unknown', () => {
    const code = [
      { name: 'mine', impl: { kind: 'code', source: "const t = await ctx.upstream('linear');" } },
    ];
    expect(() => switchToPersonalToken(spec, code, option)).toThrow(/mine call ctx.upstream\('linear'\)/);
    expect(() => switchToPersonalToken(spec, tools, { ...option, upstreamId: 'github' })).toThrow(
      /no upstream "github"/,
    );
  });
});
