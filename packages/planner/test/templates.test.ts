import { type HttpImpl, validateSpec } from '@bmm/spec';
import { describe, expect, it } from 'vitest';
import { createOfflinePlanner, matchTemplates, specFromTemplates, TEMPLATES } from '../src/index.js';

const planner = createOfflinePlanner();
const draft = (prompt: string) => planner.draft({ prompt, name: 'My server', slug: 'my-server' });

describe('template catalog', () => {
  it('has at least 8 templates, each a valid spec whose every tool has one example', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(8);
    for (const t of TEMPLATES) {
      const spec = specFromTemplates([t], t.name.slice(0, 80), 'tpl-check');
      const result = validateSpec(spec);
      expect(result.ok ? [] : result.issues, t.id).toEqual([]);
      for (const tool of spec.tools) {
        expect(tool.examples, `${t.id}/${tool.name}`).toHaveLength(1);
        if (tool.impl.kind === 'http')
          expect(tool.examples![0]!.mockResponse, `${t.id}/${tool.name}`).toBeDefined();
      }
    }
  });

  it('uses real public API hosts for http tools', () => {
    const hosts = new Set(
      TEMPLATES.flatMap((t) => t.spec.tools)
        .filter((tool) => tool.impl.kind === 'http')
        .map((tool) => new URL((tool.impl as HttpImpl).url.replace(/\{\{[^}]+\}\}/g, 'x')).host),
    );
    expect([...hosts].sort()).toEqual([
      'api.frankfurter.app',
      'api.github.com',
      'api.linear.app',
      'api.notion.com',
      'api.open-meteo.com',
      'date.nager.at',
      'en.wikipedia.org',
      'geocoding-api.open-meteo.com',
      'hacker-news.firebaseio.com',
      'hn.algolia.com',
      'slack.com',
      'www.googleapis.com',
    ]);
  });
});

describe('prompt matching', () => {
  it.each([
    ['What is the weather forecast in Paris tomorrow?', ['weather']],
    ['Let me triage GitHub issues in my repos', ['github-issues']],
    ['Search my Notion workspace', ['notion-search']],
    ['Show the top stories on Hacker News', ['hacker-news']],
    ['Convert 100 EUR to USD with current exchange rates', ['currency-rates']],
    ['What time is it in Tokyo? I need time zone conversions for meetings', ['time-zones']],
    ['A calculator for arithmetic', ['calculator']],
    ['Fetch a web page and give me its text', ['url-fetcher']],
    ['weather forecast plus currency exchange rates', ['weather', 'currency-rates']],
  ])('%s → %j', async (prompt, ids) => {
    expect(matchTemplates(prompt).map((t) => t.id)).toEqual(ids);
    const d = await draft(prompt);
    expect(d.source).toBe('template');
    expect(validateSpec(d.spec).ok).toBe(true);
    expect(d.spec).toMatchObject({ name: 'My server', slug: 'my-server' });
  });

  it.each([
    ['GitHub issues assistant', 'github', ['repo', 'read:user']],
    ['Search my Notion workspace', 'notion', []],
    [
      'What is on my Google Calendar this week?',
      'google',
      ['openid', 'email', 'https://www.googleapis.com/auth/calendar.readonly'],
    ],
    ['Post a message to a Slack channel', 'slack', ['channels:read', 'chat:write', 'search:read']],
    ['My Linear backlog', 'linear', ['read']],
  ])('%s → each person signs in to the %s preset upstream', async (prompt, preset, scopes) => {
    const d = await draft(prompt);
    expect(d.spec!.upstreams).toEqual([
      expect.objectContaining({
        id: preset,
        preset,
        scopes,
        clientIdSecret: `${preset.toUpperCase()}_CLIENT_ID`,
        clientSecretSecret: `${preset.toUpperCase()}_CLIENT_SECRET`,
      }),
    ]);
    // The OAuth app's credentials are declared but optional: a platform-wide app may stand in.
    expect(d.spec!.secrets).toEqual([
      expect.objectContaining({ name: `${preset.toUpperCase()}_CLIENT_ID`, required: false }),
      expect.objectContaining({ name: `${preset.toUpperCase()}_CLIENT_SECRET`, required: false }),
    ]);
    for (const tool of d.spec!.tools) {
      const impl = tool.impl as HttpImpl;
      expect(impl.headers?.Authorization, tool.name).toBe(`Bearer {{upstream.${preset}.accessToken}}`);
      expect(JSON.stringify(impl), tool.name).not.toContain('{{secrets.');
    }
    expect(d.notes.join(' ')).toContain(`signs in to ${d.spec!.upstreams![0]!.name}`);
  });

  it('asks for extra upstream scopes only on the tools that need them', async () => {
    const d = await draft('Create events in my Google Calendar');
    const byName = Object.fromEntries(d.spec!.tools.map((t) => [t.name, t.upstreamScopes]));
    expect(byName).toEqual({
      list_events: undefined,
      create_event: { google: ['https://www.googleapis.com/auth/calendar.events'] },
    });
    // Offline access and consent prompts come from the preset, not from every spec.
    expect(d.spec!.upstreams![0]).not.toHaveProperty('authorizeParams');
  });

  it('offers a personal-token alternative where the provider has one', async () => {
    expect((await draft('GitHub issues assistant')).personalTokens).toEqual([
      { upstreamId: 'github', secret: expect.objectContaining({ name: 'GITHUB_TOKEN', required: true }) },
    ]);
    expect((await draft('My Linear backlog')).personalTokens).toEqual([
      {
        upstreamId: 'linear',
        secret: expect.objectContaining({ name: 'LINEAR_API_KEY' }),
        authorization: '{{secrets.LINEAR_API_KEY}}',
      },
    ]);
    // Google has no personal tokens for user data: sign-in is the only way.
    expect((await draft('What is on my Google Calendar this week?')).personalTokens).toBeUndefined();
    expect((await draft('weather forecast')).personalTokens).toBeUndefined();
  });

  it('merges the upstreams of combined templates', async () => {
    const d = await draft('GitHub issues and a Slack channel message when one is created');
    expect(d.spec!.upstreams!.map((u) => u.id)).toEqual(['github', 'slack']);
    expect(validateSpec(d.spec).ok).toBe(true);
    expect(d.personalTokens!.map((p) => p.secret.name)).toEqual(['GITHUB_TOKEN', 'SLACK_TOKEN']);
  });

  it('merges tools of several templates without name clashes', async () => {
    const d = await draft('weather forecast plus currency exchange rates');
    expect(d.spec!.tools.map((t) => t.name)).toEqual([
      'geocode_city',
      'get_forecast',
      'convert_currency',
      'list_currencies',
    ]);
  });

  it('never invents a tool: no match → no spec, a note and only related templates', async () => {
    const d = await draft('Manage the inventory of my bakery and email suppliers');
    expect(d.spec).toBeNull();
    expect(d.notes[0]).toContain('No template matches');
    // Nothing in the catalog relates to a bakery's inventory: no suggestion beats a random one.
    expect(d.suggestions).toEqual([]);
    expect(d.notes[1]).toContain('Start blank');
    const weak = await draft('read the news');
    expect(weak.spec).toBeNull();
    expect(weak.suggestions?.map((s) => s.id)).toEqual(expect.arrayContaining(['hacker-news']));
  });
});
