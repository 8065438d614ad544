/**
 * The auth doctor page in Chromium against the whole platform: a shared link (`/doctor?url=…`) runs
 * the check at once for one of our own hosted servers, every step passes with its clause, and the
 * evidence opens on demand.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { hasChromium, launchBrowser, newContext, screenshot, watchErrors } from './support/browser.ts';
import { type Stack, startStack } from './support/stack.ts';

describe.skipIf(!hasChromium)('the auth doctor page', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let mcpUrl: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const user = new Session(stack.urls.API_URL, stack.urls.WEB_URL);
    const { org } = await user.signUp('doctor.page@example.com');
    await deployHostedServer(stack.platform.db, org.id, calculatorSpec('doctor-page'));
    mcpUrl = `${stack.urls.RUNNER_URL}/doctor-page/mcp`;
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

  it('runs a shared link at once and shows every step with its clause and evidence', async () => {
    await page.goto(`${stack.urls.WEB_URL}/doctor?url=${encodeURIComponent(mcpUrl)}`);
    await page.getByRole('heading', { name: 'Auth doctor' }).waitFor();
    await page.locator('[data-step="origin_validation"]').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('MCP server URL').inputValue()).toBe(mcpUrl);
    const statuses = await page
      .locator('[data-step]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`),
      );
    expect(statuses.length).toBe(16);
    expect(statuses.filter((s) => !s.endsWith(':pass') && s !== 'registration_probe:skip')).toEqual([]);
    const challenge = page.locator('[data-step="challenge"]');
    expect(await challenge.locator('.clause').textContent()).toBe('RFC 9728 §5.1');
    await challenge.getByText(/^Evidence/).click();
    await challenge
      .getByText(/WWW-Authenticate|www-authenticate/)
      .first()
      .waitFor();
    await screenshot(page, 'doctor');
    expect(errors).toEqual([]);
  });

  it('explains a refused URL next to the field', async () => {
    await page.goto(`${stack.urls.WEB_URL}/doctor`);
    await page.getByLabel('MCP server URL').fill('ftp://example.com/mcp');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByRole('alert').first().waitFor();
    await page.waitForURL(/\/doctor\?url=ftp/);
  });
});
