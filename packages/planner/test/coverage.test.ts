import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverage, createOfflinePlanner, extractAsks } from '../src/index.js';

const planner = createOfflinePlanner();
const draft = (prompt: string, extra: Record<string, unknown> = {}) =>
  planner.draft({ prompt, name: 'My server', slug: 'my-server', ...extra });
const petstore = readFileSync(new URL('./fixtures/petstore-3.0.yaml', import.meta.url), 'utf8');

describe('asks a draft does not cover', () => {
  it('reads verb + thing phrases out of a prompt', () => {
    expect(
      extractAsks('A GitHub server that can list issues, add a label to an issue and read comments.').map(
        (a) => [a.phrase, a.verb, a.things],
      ),
    ).toEqual([
      ['list issues', 'list', ['issue']],
      ['add a label', 'add', ['label']],
      ['read comments', 'read', ['comment']],
    ]);
  });

  it('names what the GitHub template skips ("add a label", "read comments") and what it adds unasked', async () => {
    const d = await draft('A GitHub server that can list issues, add a label and read comments');
    expect(d.spec!.tools.map((t) => t.name)).toContain('list_issues');
    expect(d.uncovered).toEqual(['add a label', 'read comments']);
    expect(d.notes[0]).toBe(
      'Not covered by this draft: “add a label” and “read comments”. Add a tool for each in the tool editor, or describe it differently.',
    );
    expect(d.notes.join('\n')).toContain('though not asked for: create_issue, comment_on_issue');
  });

  it('reports nothing when every ask is covered, or when the prompt holds no recognisable ask', async () => {
    const covered = await draft('Let me list GitHub issues and create issues and comment on an issue');
    expect(covered.spec).not.toBeNull();
    expect(covered.uncovered).toBeUndefined();
    expect(covered.notes.join('\n')).not.toContain('Not covered');
    const vague = await draft('A calculator that evaluates arithmetic expressions');
    expect(vague.uncovered).toBeUndefined();
    expect(coverage('Weather forecasts please', [{ name: 'get_forecast' }]).uncovered).toEqual([]);
  });

  it('covers a thing-named read-only tool with a read ask, never a write ask', () => {
    const tools = [{ name: 'public_holidays', annotations: { readOnlyHint: true } }];
    expect(coverage('show public holidays', tools).uncovered).toEqual([]);
    expect(coverage('add holidays', tools).uncovered).toEqual(['add holidays']);
  });
});

describe('related templates only', () => {
  it('suggests nothing for a prompt no template relates to, and only related ones otherwise', async () => {
    const recipes = await draft('save my favourite recipes and find them by ingredient');
    expect(recipes.spec).toBeNull();
    expect(recipes.suggestions).toEqual([]);
    expect(recipes.notes.join(' ')).toContain('Start blank and add your own tools');
    const news = await draft('read the news');
    expect(news.suggestions?.[0]?.id).toBe('hacker-news');
  });
});

describe('OpenAPI focus', () => {
  it('keeps only the operations the focus mentions, and says so', async () => {
    const d = await draft('import', { openapi: petstore, focus: 'orders and inventory' });
    expect(d.spec!.tools.map((t) => t.name)).toEqual([
      'getInventory',
      'placeOrder',
      'getOrderById',
      'deleteOrder',
    ]);
    expect(d.notes).toContain('Focus “orders and inventory”: kept the 4 of 19 operations that mention it.');
  });

  it('says out loud when the focus matched nothing and was ignored', async () => {
    const d = await draft('import', { openapi: petstore, focus: 'invoices' });
    const unfocused = await draft('import', { openapi: petstore });
    expect(d.spec!.tools.map((t) => t.name)).toEqual(unfocused.spec!.tools.map((t) => t.name));
    expect(d.notes).toContain(
      'No operation mentions anything in the focus “invoices”, so it was ignored: all 19 operations were considered.',
    );
  });
});
