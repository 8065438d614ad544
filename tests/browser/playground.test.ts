/**
 * The playground in Chromium against the whole platform: the connectors page's popup sign-in
 * through our own consent (the status pill updates without a reload), a hosted server's Try it tab
 * (one click, sign in, fill the generated form, call, read the result and the raw exchange), and the
 * playground's history re-opening a call with its arguments back in the form. One stack, one page.
 */

import type { ServerSpec } from '@bmm/spec';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { hasChromium, launchBrowser, newContext, screenshot, watchErrors } from './support/browser.ts';
import { checkPage } from './support/page-checks.ts';
import { type Stack, startStack } from './support/stack.ts';

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The calculator plus a tool answering every kind of content block, as an error when asked. */
function showcaseSpec(slug: string): ServerSpec {
  const base = calculatorSpec(slug);
  const content = [
    { type: 'image', data: PNG_1PX, mimeType: 'image/png' },
    { type: 'resource', resource: { uri: 'file:///notes.md', mimeType: 'text/markdown', text: '# Notes' } },
    { type: 'resource_link', uri: 'https://example.com/report', name: 'Quarterly report' },
    { type: 'resource_link', uri: 'javascript:alert(1)', name: 'Sneaky' },
  ];
  return {
    ...base,
    tools: [
      ...base.tools,
      {
        name: 'show',
        description: 'Answers text, an image, an embedded resource and resource links.',
        inputSchema: { type: 'object', properties: { fail: { type: 'boolean', title: 'Fail' } } },
        impl: {
          kind: 'code',
          source: `export default async ({ fail }) => ({ content: [{ type: 'text', text: fail ? 'it failed' : 'all kinds' }, ...${JSON.stringify(content)}], isError: fail === true })`,
        },
      },
    ],
  };
}

describe.skipIf(!hasChromium)('the playground', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let serverId: string;
  let otherUrl: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const user = new Session(stack.urls.API_URL, stack.urls.WEB_URL);
    const { org } = await user.signUp('playground.page@example.com');
    ({ serverId } = await deployHostedServer(stack.platform.db, org.id, showcaseSpec('try-calc')));
    await deployHostedServer(stack.platform.db, org.id, calculatorSpec('popup-calc'));
    otherUrl = `${stack.urls.RUNNER_URL}/popup-calc/mcp`;
    const context = await newContext(browser);
    await context.addCookies([
      { name: 'bmm_session', value: user.cookie.replace(/^bmm_session=/, ''), url: stack.urls.WEB_URL },
    ]);
    page = await context.newPage();
    errors = watchErrors(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const web = (path: string) => `${stack.urls.WEB_URL}${path}`;

  it('signs a connector in through the popup; the card updates without a reload; Test lists the tools', async () => {
    await page.goto(web('/connectors'));
    await page.getByLabel('Name').fill('Popup calculator');
    await page.getByLabel('MCP server URL').fill(otherUrl);
    await page.getByRole('button', { name: 'Add connector' }).click();
    const card = page.locator('[data-connector="Popup calculator"]');
    await card.getByText('sign-in required').waitFor();
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      card.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await popup.getByRole('button', { name: 'Approve' }).click({ timeout: 30_000 });
    await popup.waitForEvent('close', { timeout: 60_000 });
    await card.getByText('OAuth · signed in').waitFor();
    await card.getByRole('button', { name: 'Test' }).click();
    await card.getByText('Tools: add, echo').waitFor();
    // The card opens the playground with this connector selected.
    await card.getByRole('link', { name: 'Open in playground' }).click();
    await page.waitForURL(/\/playground\?connector=/);
    expect(await page.getByLabel('Connector').locator('option:checked').textContent()).toBe(
      'Popup calculator',
    );
  });

  it('tries a hosted server in one click: sign in, fill the form, call, read the result and exchange', async () => {
    await page.goto(web(`/servers/${serverId}`));
    await page.getByRole('tab', { name: 'Try it' }).click();
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Try it', exact: true }).click(),
    ]);
    await popup.getByRole('button', { name: 'Approve' }).click({ timeout: 30_000 });
    await popup.waitForEvent('close', { timeout: 60_000 });
    // The tools are listed once signed in; the form comes from add's input schema.
    await page.getByLabel('Tool', { exact: true }).selectOption('add');
    const a = page.getByLabel('a*', { exact: true });
    await a.waitFor({ timeout: 30_000 });
    // The generated form checks the schema before anything is sent.
    await page.getByRole('button', { name: 'Call' }).click();
    await page.getByText("must have required property 'a'").first().waitFor();
    await a.fill('19');
    await page.getByLabel('b*', { exact: true }).fill('23');
    await page.getByRole('button', { name: 'Call' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText('OK', { exact: true }).waitFor();
    await result.getByText('Structured content').waitFor();
    await result.locator('.json-number', { hasText: '42' }).waitFor();
    expect(await result.getByTestId('latency').textContent()).toMatch(/^\d+ ms$/);
    await result.getByText(/^Raw JSON-RPC exchange/).click();
    await result.getByText('"tools/call"').first().waitFor();
    expect(await result.getByText('Bearer [redacted]').count()).toBeGreaterThan(0);
    await screenshot(page, 'try-it');
    // One connector was made for it, named after the server.
    const connectors = await stack.platform.db
      .selectFrom('connectors')
      .select(['name', 'url', 'status'])
      .where('url', '=', `${stack.urls.RUNNER_URL}/try-calc/mcp`)
      .execute();
    expect(connectors).toEqual([
      { name: 'Calculator', url: `${stack.urls.RUNNER_URL}/try-calc/mcp`, status: 'ready' },
    ]);
  });

  it('calls from the playground and re-opens a past call from its history, arguments back in the form', async () => {
    await page.getByRole('link', { name: 'Open in playground' }).click();
    await page.waitForURL(/\/playground\?connector=/);
    await page.getByRole('heading', { name: 'Playground' }).waitFor();
    await page.getByRole('tab', { name: 'Tools' }).waitFor();
    await page.getByLabel('Tool', { exact: true }).selectOption('echo');
    await page.getByLabel('text*', { exact: true }).fill('hello from the playground');
    await page.getByRole('button', { name: 'Call' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.locator('.result-text', { hasText: 'hello from the playground' }).waitFor();

    const history = page.getByRole('region', { name: 'History' });
    await history.locator('.history-item', { hasText: 'echo' }).first().waitFor();
    const items = history.locator('.history-item');
    expect(await items.count()).toBe(2);
    // Re-open the Try it call: its tool, its arguments back in the form, its answer.
    await items.filter({ hasText: 'add' }).click();
    await result.getByText('from your history').waitFor();
    expect(await page.getByLabel('Tool', { exact: true }).inputValue()).toBe('add');
    expect(await page.getByLabel('a*', { exact: true }).inputValue()).toBe('19');
    await result.locator('.json-number', { hasText: '42' }).waitFor();
    await screenshot(page, 'playground');
    expect(errors).toEqual([]);
  });

  it('shows every kind of content as a person reads it, and a tool error as one', async () => {
    await page.getByLabel('Tool', { exact: true }).selectOption('show');
    await page.getByRole('button', { name: 'Call' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.locator('.result-text', { hasText: 'all kinds' }).waitFor();
    const image = result.getByRole('img', { name: 'image/png from the tool' });
    await image.waitFor();
    expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await result
      .locator('[data-kind="resource"]', { hasText: 'file:///notes.md' })
      .getByText('# Notes')
      .waitFor();
    expect(await result.getByRole('link', { name: 'https://example.com/report' }).getAttribute('href')).toBe(
      'https://example.com/report',
    );
    // A javascript: URI stays text.
    const sneaky = result.locator('[data-kind="resource-link"]', { hasText: 'Sneaky' });
    expect(await sneaky.locator('code').textContent()).toBe('javascript:alert(1)');
    expect(await sneaky.getByRole('link').count()).toBe(0);
    expect(await result.getAttribute('class')).not.toContain('tool-result-error');

    await page.getByLabel('Fail').check();
    await page.getByRole('button', { name: 'Call' }).click();
    await result.getByText('Tool error').waitFor();
    expect(await result.getAttribute('class')).toContain('tool-result-error');
    await result.locator('.result-text', { hasText: 'it failed' }).waitFor();
    await page.getByRole('region', { name: 'History' }).getByText('tool error').waitFor();
    await screenshot(page, 'playground-content');
    expect(errors).toEqual([]);
  });

  it('fits a phone and passes axe, with a result and its exchange open, here and in the Try it tab', async () => {
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText(/^Raw JSON-RPC exchange/).click();
    const problems = await checkPage(page, 'playground');
    await page.goto(web(`/servers/${serverId}`));
    await page.getByRole('tab', { name: 'Try it' }).click();
    // Signed in already: the tab goes straight to the tools.
    await page.getByLabel('Tool', { exact: true }).selectOption('echo');
    await page.getByLabel('text*', { exact: true }).fill('a'.repeat(300));
    await page.getByRole('button', { name: 'Call' }).click();
    await result.getByText(/^Raw JSON-RPC exchange/).click();
    problems.push(...(await checkPage(page, 'try-it')));
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('forgets the history on request, after asking', async () => {
    await page.goto(web('/playground'));
    const history = page.getByRole('region', { name: 'History' });
    await history.locator('.history-item').first().waitFor();
    page.once('dialog', (d) => void d.dismiss());
    await history.getByRole('button', { name: 'Clear' }).click();
    expect(await history.locator('.history-item').count()).toBe(5);
    page.once('dialog', (d) => void d.accept());
    await history.getByRole('button', { name: 'Clear' }).click();
    await history.getByText('Your calls appear here.').waitFor();
    expect(await stack.platform.db.selectFrom('connector_calls').select('id').execute()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
