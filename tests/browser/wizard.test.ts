/**
 * The wizard and the server page in Chromium, at 1280 and 390 px: a prompt no template matches
 * reaches a built server through "Start blank and add tools"; focus lands on each step's heading;
 * going Back keeps the edited tools and Continue goes on without drafting again; the build log ends
 * on its final line; success focuses "Your server is live"; the client picker gives the slug-named
 * Claude Code command; a tool edited on the server page's Tools tab becomes a new version and builds.
 * Every step and tab checked: no sideways scrolling, no serious or critical axe-core violation, a
 * screenshot per width in test-results/browser/. One platform, one page, tests in order.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../support/http.ts';
import { hasChromium, launchBrowser, newContext, watchErrors } from './support/browser.ts';
import { checkPage } from './support/page-checks.ts';
import { type Stack, startStack } from './support/stack.ts';

const stamp = Date.now().toString(36);
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
const slug = `recipes-${stamp}`;

/** The focused element's text, or null when nothing in particular has focus. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    const d = (
      globalThis as unknown as {
        document: { activeElement: { tagName: string; textContent: string } | null };
      }
    ).document;
    const el = d.activeElement;
    return el && el.tagName !== 'BODY' ? `${el.tagName}: ${el.textContent}` : null;
  });

describe.skipIf(!hasChromium)('the wizard and the server page in Chromium (1280 and 390 px)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const problems: string[] = [];
  const previews: string[] = [];
  let docs: Server;
  let docsUrl = '';

  beforeAll(async () => {
    // An OpenAPI document on a local site (this platform allows private addresses, as a dev setup does).
    docs = createServer((req, res) => {
      if (req.url !== '/openapi.json') {
        res.statusCode = 404;
        return res.end('missing');
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(PETS));
    });
    await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
    docsUrl = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const email = `cook.${stamp}@example.com`;
    const user = new Session(stack.urls.API_URL, stack.urls.WEB_URL);
    await user.signUp(email);
    await user.verifyEmail(stack.platform.smtp, email);
    const context = await newContext(browser);
    await context.addCookies([
      { name: 'bmm_session', value: user.cookie.replace(/^bmm_session=/, ''), url: stack.urls.WEB_URL },
    ]);
    page = await context.newPage();
    errors = watchErrors(page);
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/v1/servers/preview') previews.push(req.url());
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((resolve) => docs?.close(resolve));
  });

  const web = (path: string) => `${stack.urls.WEB_URL}${path}`;

  it('reaches a built server from a prompt no template matches: Start blank, add a tool, build', async () => {
    await page.goto(web('/servers/new'));
    await page.getByLabel('Name').fill('Recipes');
    await page.getByLabel('Slug').fill(slug);
    await page.getByText(`Available: your server will live at …/${slug}/mcp`).waitFor();
    // Name and Slug sit side by side with their inputs on one line.
    const [nameBox, slugBox] = await Promise.all([
      page.getByLabel('Name').boundingBox(),
      page.getByLabel('Slug').boundingBox(),
    ]);
    expect(Math.abs(nameBox!.y - slugBox!.y)).toBeLessThanOrEqual(1);
    await page
      .getByLabel('What should the server do?')
      .fill('Save my favourite recipes and find them by ingredient');
    await page.getByRole('button', { name: 'Draft the tools' }).click();
    await page.getByText('Nothing matched that description yet.').waitFor();
    // No unrelated template is offered; the way forward is.
    expect(await page.getByText('Related templates:').count()).toBe(0);
    problems.push(...(await checkPage(page, 'wizard-no-match')));

    await page.getByRole('button', { name: 'Start blank and add tools' }).click();
    await page.getByRole('heading', { name: 'Tools (0)' }).waitFor();
    expect(await focusedText(page)).toBe('H2: Step 2 of 3: Review the tools');
    expect(await page.getByTestId('step-announcement').textContent()).toBe('Step 2 of 3: Review tools');
    expect(await page.getByText('Started blank').count()).toBe(1);

    const form = page.getByTestId('tool-editor');
    await form.getByLabel('Name', { exact: true }).fill('save_recipe');
    await form.getByLabel('Title (optional)').fill('Save a recipe');
    await form.getByLabel('Description').fill('Saves a recipe and echoes its title back.');
    await form.getByLabel('Read-only').uncheck();
    await form.getByLabel('Input schema (JSON Schema)').fill('{"type": "object", "properties": {"text": ');
    await form.getByText(/^The input schema is not valid JSON: .+\.$/).waitFor();
    await form
      .getByLabel('Input schema (JSON Schema)')
      .fill('{"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}');
    await form.getByText('The tool is valid.').waitFor();
    problems.push(...(await checkPage(page, 'wizard-tool-form')));
    await form.getByRole('button', { name: 'Add this tool' }).click();
    await page.getByRole('heading', { name: 'Tools (1)' }).waitFor();
    expect(await page.getByTestId('tool-card').textContent()).toContain(
      'Saves a recipe and echoes its title back.',
    );
    problems.push(...(await checkPage(page, 'wizard-review')));

    // Back keeps the edited tool; Continue goes forward without drafting again.
    const drafted = previews.length;
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await focusedText(page)).toBe('H2: Step 1 of 3: Describe your server');
    await page.getByRole('button', { name: 'Continue with your 1 tool' }).click();
    expect(await focusedText(page)).toBe('H2: Step 2 of 3: Review the tools');
    expect(await page.getByTestId('tool-card').textContent()).toContain(
      'Saves a recipe and echoes its title back.',
    );
    expect(previews.length).toBe(drafted);

    await page.getByRole('button', { name: 'Create and build' }).click();
    const log = page.getByTestId('build-log');
    await log.waitFor();
    expect(await focusedText(page)).toMatch(/^H2: Step 3 of 3: Build and connect$/);
    await expect.poll(() => log.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    await page.getByRole('heading', { name: 'Your server is live' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('H2: Your server is live');

    // The log ends on its final line, scrolled into view inside the log.
    const logBox = page.getByRole('log', { name: 'Build log' });
    const last = logBox.locator(':scope > div').last();
    expect(await last.textContent()).toMatch(/build succeeded in \d+ ms: version 1 is live/);
    const shown = await logBox.evaluate((el) => {
      const box = el as unknown as {
        scrollTop: number;
        scrollHeight: number;
        clientHeight: number;
        getBoundingClientRect(): { bottom: number };
        lastElementChild: { getBoundingClientRect(): { bottom: number } } | null;
      };
      return {
        atBottom: box.scrollHeight - box.scrollTop - box.clientHeight < 2,
        lastInside:
          (box.lastElementChild?.getBoundingClientRect().bottom ?? 0) <=
          box.getBoundingClientRect().bottom + 1,
      };
    });
    expect(shown).toEqual({ atBottom: true, lastInside: true });

    // The client picker: the Claude Code command names the server by its slug.
    const mcpUrl = `${stack.urls.RUNNER_URL}/${slug}/mcp`;
    await page.getByLabel('Your MCP client').selectOption({ label: 'Claude Code' });
    expect(await page.getByTestId('client-picker').textContent()).toContain(
      `claude mcp add --transport http ${slug} ${mcpUrl}`,
    );
    problems.push(...(await checkPage(page, 'wizard-built')));
    expect(errors).toEqual([]);
  });

  it('edits one tool on the server page: a new version, built; every tab holds at both widths', async () => {
    await page.getByRole('link', { name: 'Open the server page' }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await breadcrumb.getByRole('link', { name: 'Servers' }).getAttribute('href')).toBe('/dashboard');
    problems.push(...(await checkPage(page, 'server-overview')));

    await page.getByRole('tab', { name: 'Tools (1)' }).click();
    await page.getByRole('button', { name: 'Edit save_recipe' }).click();
    const form = page.getByTestId('tool-editor');
    await form.getByLabel('Description').fill('Saves a recipe; edited on the server page.');
    await form.getByText('The tool is valid.').waitFor();
    problems.push(...(await checkPage(page, 'server-tool-form')));
    await form.getByRole('button', { name: 'Save and build' }).click();
    await page.getByText('Saved save_recipe. A new version is stored; building it now.').waitFor();
    await expect
      .poll(() => page.getByTestId('build-log').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('succeeded');
    await page.getByText('Saves a recipe; edited on the server page.').waitFor();
    const versions = await stack.platform.db
      .selectFrom('server_versions')
      .innerJoin('servers', 'servers.id', 'server_versions.server_id')
      .select(['server_versions.version', 'server_versions.spec'])
      .where('servers.slug', '=', slug)
      .orderBy('server_versions.version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect((versions[1]!.spec as { tools: { description: string }[] }).tools[0]!.description).toBe(
      'Saves a recipe; edited on the server page.',
    );
    const live = await stack.platform.db
      .selectFrom('servers')
      .innerJoin('server_versions', 'server_versions.id', 'servers.current_version_id')
      .select('server_versions.version')
      .where('servers.slug', '=', slug)
      .executeTakeFirstOrThrow();
    expect(live.version).toBe(2);
    problems.push(...(await checkPage(page, 'server-tools')));

    // A failed call shows why it failed (the row as the runner records it).
    const server = await stack.platform.db
      .selectFrom('servers')
      .select(['id', 'org_id'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    await stack.platform.db
      .insertInto('usage_events')
      .values({
        org_id: server.org_id,
        server_id: server.id,
        tool: 'save_recipe',
        user_id: null,
        client_id: null,
        status: 'error',
        duration_ms: 12,
        error: 'Error: the recipe box is full',
      })
      .execute();
    for (const [tab, name] of [
      ['Versions', 'server-versions'],
      ['Builds', 'server-builds'],
      ['Usage', 'server-usage'],
      ['Settings', 'server-settings'],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      if (tab === 'Usage') {
        await page.getByRole('list', { name: 'Legend' }).waitFor();
        expect(await page.getByTestId('call-error').textContent()).toBe('Error: the recipe box is full');
      }
      problems.push(...(await checkPage(page, name)));
    }
    // The delete confirmation is the app's own dialog, checked like a page.
    await page.getByRole('button', { name: 'Delete Recipes…' }).click();
    await page.getByRole('dialog', { name: 'Delete Recipes?' }).waitFor();
    problems.push(...(await checkPage(page, 'server-delete-dialog')));
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fetches an OpenAPI document by URL through the api and honours the focus', async () => {
    await page.goto(web('/servers/new'));
    await page.getByLabel('Name').fill('Pet orders');
    await page.getByLabel('An OpenAPI document').check();
    const url = page.getByLabel('…or fetch it from a URL');
    await url.fill(`${docsUrl}/nope.json`);
    await page.getByRole('button', { name: 'Fetch' }).click();
    // The error sits next to the field, as a sentence.
    await page.getByText(`${docsUrl} answered HTTP 404, not the document.`).waitFor();
    await url.fill(`${docsUrl}/openapi.json`);
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.getByText('Fetched “Pets” (OpenAPI 3.0, 2 operations).').waitFor();
    expect(JSON.parse(await page.getByLabel('OpenAPI document (JSON or YAML)').inputValue())).toEqual(PETS);
    await page.getByLabel('Anything to focus on? (optional)').fill('orders');
    problems.push(...(await checkPage(page, 'wizard-openapi')));
    await page.getByRole('button', { name: 'Draft the tools' }).click();
    await page.getByRole('heading', { name: 'Tools (1)' }).waitFor();
    expect(await page.getByTestId('tool-card').locator('h3').textContent()).toBe('listOrders');
    await page.getByText('Focus “orders”: kept the 1 of 2 operations that mention it.').waitFor();
    expect(problems).toEqual([]);
    // The refused fetch is a 400 the browser logs itself; nothing else went wrong.
    expect(
      errors.filter((e) => !(e.includes('status of 400') && e.includes('/v1/servers/preview/openapi-url'))),
    ).toEqual([]);
  });
});
