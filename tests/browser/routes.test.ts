/**
 * Every route of the web app holds the line, and the audit log works as a person uses it.
 *
 * The route list is derived from apps/web/app (every page.tsx; route groups dropped, dynamic segments
 * filled from SAMPLES), so a new page is covered without touching this file. Each route is visited
 * signed in, with a deployed server, a connector and an invitation in the org, at 1280 and 390 px:
 * HTTP 200, no console error, no horizontal overflow, no Copy button over code, no serious or critical
 * axe-core violation, no dead same-origin link; a screenshot of each is saved under
 * test-results/browser/routes/ (not committed). One platform for the file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { hasChromium, launchBrowser, newContext, watchErrors } from './support/browser.ts';
import { checkPage, copyButtonsCovered } from './support/page-checks.ts';
import { type Stack, startStack } from './support/stack.ts';
import { webDir } from './support/web.ts';

/** Every page of the app as a route pattern (`/servers/[id]`), sorted. */
export function appRoutes(dir = path.join(webDir, 'app')): string[] {
  const out: string[] = [];
  const walk = (abs: string, segments: string[]) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        // Route groups `(app)` add no segment; private folders `_x` are not routes.
        if (entry.name.startsWith('_')) continue;
        const seg = /^\(.*\)$/.test(entry.name) ? [] : [entry.name];
        walk(path.join(abs, entry.name), [...segments, ...seg]);
      } else if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) {
        out.push(`/${segments.join('/')}`);
      }
    }
  };
  walk(dir, []);
  return [...new Set(out)].sort();
}

describe.skipIf(!hasChromium)('every route at 1280 and 390 px, and the audit log', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let serverId = '';
  let connectorId = '';
  let acceptUrl = '';
  const email = `routes.${Date.now().toString(36)}@example.com`;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const user = new Session(stack.urls.API_URL, stack.urls.WEB_URL);
    const { org } = await user.signUp(email, undefined, 'Route Walker');
    await user.verifyEmail(stack.platform.smtp, email);
    ({ serverId } = await deployHostedServer(stack.platform.db, org.id, calculatorSpec('route-calc')));
    const connector = await user.call('POST', '/v1/connectors', {
      name: 'Route calculator',
      url: `${stack.urls.RUNNER_URL}/route-calc/mcp`,
      authType: 'oauth',
    });
    expect(connector.status).toBe(201);
    connectorId = connector.body.connector.id;
    const key = await user.call('POST', '/v1/api-keys', { name: 'deploy bot' });
    expect(key.status).toBe(201);
    const invitation = await user.call('POST', '/v1/invitations', {
      email: `guest.${Date.now().toString(36)}@example.com`,
      role: 'member',
    });
    expect(invitation.status).toBe(201);
    acceptUrl = invitation.body.acceptUrl;
    context = await newContext(browser);
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

  const web = (p: string) => `${stack.urls.WEB_URL}${p}`;

  it('opens an event in a side drawer (focus in, Escape out, focus back), never inside the table', async () => {
    await page.goto(web('/audit'));
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    // Resources by name, linked while they exist.
    const table = page.locator('table');
    await table.getByRole('link', { name: 'Route calculator' }).first().waitFor();
    expect(await table.getByRole('link', { name: 'deploy bot' }).getAttribute('href')).toBe('/settings');
    // IPs and resource names stay whole: one line each, never a letter per line.
    const lines = (cell: ReturnType<Page['locator']>) =>
      cell.evaluate((el) => {
        const range = el.ownerDocument.createRange();
        range.selectNodeContents(el);
        return new Set(
          Array.from(range.getClientRects() as ArrayLike<{ top: number }>).map((r) => Math.round(r.top)),
        ).size;
      });
    expect(await lines(rows.first().locator('td[data-label="IP"]'))).toBe(1);
    expect(await lines(table.getByRole('link', { name: 'Route calculator' }).first())).toBe(1);

    const row = rows.filter({ hasText: 'connector.create' }).first();
    const opener = row.getByRole('button', { name: /^Details of connector\.create/ });
    await opener.click();
    const drawer = page.getByRole('dialog', { name: 'connector.create' });
    await drawer.waitFor();
    // The drawer is a modal outside the table; its JSON is pretty-printed, with a Copy button.
    expect(await table.locator('pre').count()).toBe(0);
    const json = (await drawer.locator('pre').textContent()) ?? '';
    expect(JSON.parse(json)).toMatchObject({ action: 'connector.create', resourceId: connectorId });
    expect(json).toContain('\n  "action": "connector.create"');
    await drawer.getByRole('button', { name: /^Copy/ }).click();
    expect(
      JSON.parse(
        await page.evaluate(() =>
          (
            globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
          ).navigator.clipboard.readText(),
        ),
      ),
    ).toMatchObject({
      resourceName: 'Route calculator',
    });
    // Focus starts in the drawer and Tab never leaves it.
    expect(
      await drawer.evaluate((d) =>
        d.contains(
          (globalThis as unknown as { document: { activeElement: typeof d } }).document.activeElement,
        ),
      ),
    ).toBe(true);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(
        await drawer.evaluate((d) =>
          d.contains(
            (globalThis as unknown as { document: { activeElement: typeof d } }).document.activeElement,
          ),
        ),
      ).toBe(true);
    }
    const problems = await checkPage(page, 'routes/audit-drawer');
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.isVisible()).toBe(false);
    expect(
      await opener.evaluate(
        (b) =>
          b === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      ),
    ).toBe(true);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('filters with pickers: an action prefix, a member, a resource and dates; never shows stale rows', async () => {
    await page.goto(web('/audit'));
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    const all = await rows.count();
    const actions = async () => (await rows.locator('.pill').allTextContents()).map((t) => t.trim()).sort();

    const action = page.getByLabel('Action');
    await expect.poll(() => action.locator('optgroup[label="connector"] option').count()).toBeGreaterThan(0);
    await action.selectOption('connector.*');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(actions).toEqual(['connector.create']);

    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('Actor').selectOption({ label: `Route Walker (${email})` });
    await page.getByLabel('Resource').selectOption({ label: 'deploy bot' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(actions).toEqual(['api_key.create']);

    const today = new Date().toISOString().slice(0, 10);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To (inclusive)').fill('2020-12-31');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No events match.').waitFor();
    await page.getByLabel('To (inclusive)').fill(today);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.count()).toBe(all);

    // A slow answer to an older request must never replace the rows of a newer one.
    await page.route('**/v1/audit?*', async (route) => {
      if (new URL(route.request().url()).searchParams.get('action') === 'connector.*')
        await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => {}); // the page may have aborted it meanwhile
    });
    await page.getByLabel('Action').selectOption('connector.*');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows.count()).toBe(all);
    expect(await page.getByLabel('Action').inputValue()).toBe('');
    await page.waitForTimeout(2500); // the slow connector.* answer would have landed by now
    expect(await rows.count()).toBe(all);
    await page.unroute('**/v1/audit?*');
    expect(errors.filter((e) => !e.includes('ERR_ABORTED'))).toEqual([]);
  });

  it('notices an element laid over a Copy button (the check every route gets can fail)', async () => {
    const p = await context.newPage();
    await p.goto(web('/dashboard'));
    const copy = p.locator('button.copy').first();
    await copy.waitFor();
    expect(await copyButtonsCovered(p)).toEqual([]);
    await copy.evaluate((button) => {
      const box = button.getBoundingClientRect();
      const cover = button.ownerDocument.createElement('div');
      cover.className = 'test-cover';
      Object.assign(cover.style, {
        position: 'absolute',
        left: `${box.left + box.width / 2}px`,
        top: `${box.top + button.ownerDocument.defaultView!.scrollY}px`,
        width: `${box.width}px`,
        height: `${box.height}px`,
        background: 'red',
      });
      button.ownerDocument.body.append(cover);
    });
    expect(await copyButtonsCovered(p)).toEqual(['div.test-cover covers Copy button 1']);
    await p.close();
  });

  it('holds every route at 1280 and 390 px: 200, no console error, no overflow, no Copy over code, axe clean, no dead link', async () => {
    const samples: Record<string, string> = {
      '/servers/[id]': `/servers/${serverId}`,
    };
    const routes = appRoutes();
    expect(routes).toContain('/audit');
    expect(routes).toContain('/docs/self-hosting');
    const unfilled = routes.filter((r) => r.includes('[') && !samples[r]);
    expect(unfilled, 'give each new dynamic route a sample in SAMPLES').toEqual([]);
    const visits = routes
      // Logging out ends the session every other page needs: it goes last.
      .filter((r) => r !== '/logout')
      .map((r) => samples[r] ?? r)
      .map((r) =>
        r === '/invitations/accept' ? new URL(acceptUrl).pathname + new URL(acceptUrl).search : r,
      );
    if (routes.includes('/logout')) visits.push('/logout');

    const problems: string[] = [];
    const links = new Map<string, string>(); // link target → the page it was found on
    const started = Date.now();
    async function visit(tab: Page, tabErrors: string[], target: string): Promise<void> {
      const res = await tab.goto(web(target), { waitUntil: 'networkidle' });
      if (res?.status() !== 200) problems.push(`${target}: HTTP ${res?.status()}`);
      const name = target.split('?')[0]!.replace(/^\/$/, '/home').slice(1).replaceAll('/', '-');
      problems.push(...(await checkPage(tab, `routes/${name.replace(serverId, 'id')}`)));
      if (tabErrors.length) problems.push(`${target}: ${tabErrors.splice(0).join('; ')}`);
      for (const href of await tab.$$eval('a[href]', (as) =>
        as.map((a) => (a as unknown as { href: string }).href),
      )) {
        const u = new URL(href);
        if (u.origin === stack.urls.WEB_URL && !links.has(u.pathname)) links.set(u.pathname, target);
      }
    }
    // Three tabs take turns on the list; /logout (it ends the session) comes alone, last.
    const queue = visits.filter((v) => v !== '/logout');
    const tabs = await Promise.all([1, 2, 3].map(() => context.newPage()));
    await Promise.all(
      tabs.map(async (tab) => {
        const tabErrors = watchErrors(tab);
        for (let target = queue.shift(); target !== undefined; target = queue.shift())
          await visit(tab, tabErrors, target);
      }),
    );
    const tab = tabs[0]!;
    const visited = new Set(visits.map((v) => v.split('?')[0]));
    for (const [pathname, from] of links) {
      if (visited.has(pathname)) continue;
      const check = await tab.request.get(web(pathname), { maxRedirects: 0 });
      if (check.status() !== 200) problems.push(`${from} links to ${pathname}: HTTP ${check.status()}`);
    }
    if (visits.includes('/logout')) await visit(tab, watchErrors(tab), '/logout');
    for (const t of tabs) await t.close();
    console.log(
      `checked ${visits.length} routes at 2 widths in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    expect(problems).toEqual([]);
  }, 300_000);
});
