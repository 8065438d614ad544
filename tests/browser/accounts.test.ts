/**
 * Accounts, plans and the public chrome in Chromium, at 1280 and 390 px: sign-up messages, the
 * signed-in public header, the footer status badge, /security, Settings (plan & usage, members,
 * invitations), the Admin page and its plan picker, the invitation page, sign-in for a consent that
 * names the client, "Not you? Switch account", and the authorization server's own error page.
 * Every page checked holds: no sideways scrolling, no serious or critical axe-core violation, a
 * screenshot per width in test-results/browser/. One platform, pages reused, tests in order.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session, verificationTokenFrom } from '../support/http.ts';
import { hasChromium, launchBrowser, newContext, watchErrors } from './support/browser.ts';
import { authorizeUrl, pkce, registerClient } from './support/oauth.ts';
import { checkPage } from './support/page-checks.ts';
import { type Stack, startStack } from './support/stack.ts';

const PASSWORD = 'correct horse battery staple';
const stamp = Date.now().toString(36);
const ada = `ada.${stamp}@example.com`;
const bob = `bob.${stamp}@example.com`;
const thisMonth = new Date().toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

describe.skipIf(!hasChromium)('accounts, plans and public pages in Chromium (1280 and 390 px)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const problems: string[] = [];
  let adaOrg = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ operator: { defaultPlan: 'self_hosted', adminEmails: [] } }),
      launchBrowser(),
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    errors = watchErrors(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const web = (path: string) => `${stack.urls.WEB_URL}${path}`;

  it('shows the public pages to a visitor: Log in / Sign up, a live status badge, the eight pillars', async () => {
    await page.goto(web('/'));
    const header = page.locator('header.site-header');
    await header.getByRole('link', { name: 'Log in' }).waitFor();
    expect(await header.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    const badge = page.getByTestId('status-badge');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    expect(await badge.textContent()).toBe('All systems operational');
    expect(await badge.getAttribute('href')).toBe('/status');
    problems.push(...(await checkPage(page, 'home')));

    // The header collapses into a Menu button on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    const menu = header.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await header.getByRole('link', { name: 'Docs' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await header.getByRole('link', { name: 'Docs' }).click();
    await page.waitForURL(web('/docs'));
    expect(await header.getByRole('link', { name: 'Pricing' }).isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
    problems.push(...(await checkPage(page, 'docs-signed-out')));

    await page.goto(web('/security'));
    expect(await page.getByTestId('pillars').locator('li').count()).toBe(8);
    expect(await page.locator('section h2').allTextContents()).toContain('Reporting a vulnerability');
    const txt = await fetch(web('/.well-known/security.txt')).then((r) => r.text());
    expect(txt).toContain('Contact: mailto:security@buildmymcpserver.dev');
    expect(txt).toMatch(/^Expires: \d{4}-/m);
    problems.push(...(await checkPage(page, 'security')));

    await page.goto(web('/login'));
    problems.push(...(await checkPage(page, 'login')));

    // Every other public page carries the same header and footer: they hold the line too (/status is
    // checked by its own tests).
    for (const path of [
      '/pricing',
      '/changelog',
      '/privacy',
      '/terms',
      '/verify-email',
      '/docs/concepts',
      '/docs/oauth',
      '/docs/connectors',
      '/docs/doctor',
      '/docs/upstream-sign-in',
      '/docs/authoring',
      '/docs/self-hosting',
      '/docs/api',
      '/docs/faq',
    ]) {
      await page.goto(web(path), { waitUntil: 'networkidle' });
      problems.push(...(await checkPage(page, path.slice(1).replaceAll('/', '-'))));
    }
  }, 180_000);

  it('gives every empty sign-up field its own message, once, and never repeats the password hint', async () => {
    await page.goto(web('/signup'));
    await page.getByRole('button', { name: 'Sign up' }).click();
    const form = page.locator('form');
    await form.getByText('Enter your name.').waitFor();
    expect(await form.locator('.field-error').allTextContents()).toEqual([
      'Enter your name.',
      'Enter your email address.',
      'Choose a password of at least 10 characters.',
    ]);
    expect(await page.locator('.alert').count()).toBe(0); // no banner repeating the field messages
    expect(await form.getByText('At least 10 characters.', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    problems.push(...(await checkPage(page, 'signup-errors')));

    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await form.getByText('Enter a complete email address, like name@example.com.').waitFor();
    expect(await form.locator('.field-error').allTextContents()).toEqual([
      'Enter a complete email address, like name@example.com.',
      'Use at least 10 characters. This one has 5.',
    ]);

    await page.getByLabel('Email').fill(ada);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const token = await verificationTokenFrom(stack.platform.smtp, ada);
    await page.goto(web(`/verify-email?token=${encodeURIComponent(token)}`));
    await page.getByRole('button', { name: 'Verify my email address' }).click();
    await page.getByText(`${ada} is verified`).waitFor();

    // The same address again: the one answer (no enumeration) and no second message anywhere.
    const again = await browser.newContext();
    const p = await again.newPage();
    await p.goto(web('/signup'));
    await p.getByLabel('Name').fill('Someone');
    await p.getByLabel('Email').fill(ada);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign up' }).click();
    await p.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect((await p.getByText(`We sent a verification link to ${ada}`).count()) <= 1).toBe(true);
    expect(await p.locator('.alert').count()).toBe(1);
    await again.close();
  });

  it('knows on the public pages and the docs that you are signed in', async () => {
    // /docs/self-hosting is rendered at build time: its header asks /account-state from the browser.
    for (const path of ['/', '/docs', '/docs/self-hosting', '/pricing']) {
      await page.goto(web(path));
      const header = page.locator('header.site-header');
      await header.getByRole('link', { name: 'Dashboard' }).waitFor();
      expect([path, await header.getByRole('link', { name: 'Log in' }).count()]).toEqual([path, 0]);
    }
    problems.push(...(await checkPage(page, 'pricing-signed-in')));
  });

  it('shows plan and usage in words, the upgrade path, and no role change or Leave for the sole owner', async () => {
    await page.goto(web('/settings'));
    const plan = page.getByTestId('plan-usage');
    await plan.waitFor();
    adaOrg = (
      await page.evaluate(() => fetch('/v1/me').then((r) => r.json() as Promise<{ activeOrgId: string }>))
    ).activeOrgId;
    const text = (await plan.textContent()) ?? '';
    expect(text).toContain('Self-hosted plan');
    expect(text).toContain(`Tool calls in ${thisMonth}`);
    expect(text).toContain('0 of 1,000,000,000');
    expect(await plan.getByTestId('upgrade-path').textContent()).toContain('its operator sets');
    await plan.getByRole('link', { name: 'Admin page' }).waitFor();

    const own = page.getByRole('row', { name: /Ada Lovelace/ });
    await own.waitFor();
    expect(await own.getByRole('combobox').count()).toBe(0);
    expect(await own.getByRole('button').count()).toBe(0);
    expect(await own.textContent()).toContain('the only owner');

    // A bad address is refused next to the field, in a sentence.
    const email = page.getByLabel('Email');
    await email.fill('bob@example');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const inline = page.getByText(
      '“bob@example” is not a complete email address; write it like name@example.com.',
    );
    await inline.waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-describedby')).toBe(await inline.getAttribute('id'));
    expect(await page.locator('.alert-error').count()).toBe(0);
    problems.push(...(await checkPage(page, 'settings-invite-error')));

    await email.fill('carol@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await page.getByText(/\/invitations\/accept\?token=/).waitFor();
    await page.getByRole('cell', { name: 'carol@example.com' }).waitFor();
    problems.push(...(await checkPage(page, 'settings')));
  });

  it('lets the first account run plans on the Admin page (audited), on a phone too', async () => {
    await page.goto(web('/settings'));
    const nav = page.getByRole('navigation', { name: 'App' });
    await nav.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(web('/admin'));
    const row = page.locator(`[data-testid="admin-org"][data-org="Ada Lovelace's workspace"]`);
    await row.waitFor();
    expect(await page.getByRole('heading', { name: `Organizations in ${thisMonth}` }).count()).toBe(1);
    const picker = row.getByLabel("Plan of Ada Lovelace's workspace");
    expect(await picker.inputValue()).toBe('self_hosted');
    await picker.selectOption('team');
    await page.getByText("Ada Lovelace's workspace is now on the Team plan.").waitFor();
    const audit = await stack.platform.db
      .selectFrom('audit_events')
      .select(['metadata', 'org_id'])
      .where('action', '=', 'org.plan_change')
      .execute();
    expect(audit).toEqual([
      { org_id: adaOrg, metadata: { from: 'self_hosted', to: 'team', by: 'instance_admin' } },
    ]);
    problems.push(...(await checkPage(page, 'admin')));

    // On a phone: the app header is a Menu button, the settings tables are stacked cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(web('/settings'));
    await page.getByTestId('plan-usage').getByText('Team plan').waitFor();
    const menu = page.locator('header').getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    await menu.click();
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await nav.isVisible()).toBe(false);
    const cell = page.locator('table.table-stacked').first().locator('td').first();
    expect(await cell.evaluate((td) => td.ownerDocument.defaultView!.getComputedStyle(td).display)).toBe(
      'block',
    );
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('refuses the Admin page to everyone else and shows the invitation with a wrong-account warning', async () => {
    const other = new Session(stack.urls.API_URL, stack.urls.WEB_URL);
    await other.signUp(bob, PASSWORD, 'Bob');
    await other.verifyEmail(stack.platform.smtp, bob);
    const bobContext = await newContext(browser);
    await bobContext.addCookies([
      { name: 'bmm_session', value: other.cookie.replace(/^bmm_session=/, ''), url: stack.urls.WEB_URL },
    ]);
    const p = await bobContext.newPage();
    const bobErrors = watchErrors(p);
    await p.goto(web('/admin'));
    await p.getByText('Only instance admins manage organizations and plans').waitFor();
    expect(
      await p.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Admin' }).count(),
    ).toBe(0);

    await page.goto(web('/settings'));
    const invite = await page.evaluate(() =>
      fetch('/v1/invitations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'dora@example.com', role: 'member' }),
      }).then((r) => r.json() as Promise<{ acceptUrl: string }>),
    );
    await p.goto(invite.acceptUrl);
    const card = p.getByTestId('invitation');
    await card.getByRole('heading', { name: "Join Ada Lovelace's workspace" }).waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain(ada);
    expect(text).toContain('dora@example.com');
    expect(text).toContain('member');
    await p.getByTestId('invitation-mismatch').waitFor();
    expect(await p.getByTestId('invitation-mismatch').textContent()).toContain(`signed in as ${bob}`);
    expect(await p.getByRole('button', { name: 'Accept invitation' }).isDisabled()).toBe(true);
    problems.push(...(await checkPage(p, 'invitation')));
    // The one expected failure: the browser logs the refused /v1/admin/orgs (403) of a non-admin.
    expect(bobErrors.filter((e) => !(e.includes('status of 403') && e.includes('/v1/admin/orgs')))).toEqual(
      [],
    );
    await bobContext.close();
  });

  it('names the client when signing in for a consent, offers "Not you? Switch account", styles the AS error page', async () => {
    const slug = `acct-${stamp}`;
    await deployHostedServer(stack.platform.db, adaOrg, calculatorSpec(slug));
    const issuer = stack.urls.OAUTH_ISSUER;
    const redirectUri = 'http://127.0.0.1:9/callback';
    const clientId = await registerClient(issuer, 'Phone Test Client', redirectUri);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const p = await fresh.newPage();
    const freshErrors = watchErrors(p);
    const { challenge } = pkce();
    await p.goto(
      authorizeUrl(issuer, {
        clientId,
        redirectUri,
        challenge,
        state: 's',
        resource: `${stack.urls.RUNNER_URL}/${slug}/mcp`,
      }),
    );
    await p.waitForURL(/\/login\?next=%2Foauth%2Fconsent/);
    await p.getByTestId('asking-client').waitFor();
    expect(await p.getByTestId('asking-client').textContent()).toContain('Phone Test Client (at 127.0.0.1)');
    problems.push(...(await checkPage(p, 'login-consent')));
    await p.getByLabel('Email').fill(ada);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByTestId('consent').waitFor();
    problems.push(...(await checkPage(p, 'consent')));

    await p.getByTestId('switch-account').click();
    await p.waitForURL(/\/login\?next=%2Foauth%2Fconsent%3Finteraction%3D/);
    await p.getByTestId('asking-client').waitFor();
    const me = await p.evaluate(() => fetch('/v1/me').then((r) => r.status));
    expect(me).toBe(401);

    // The AS's own page for a request it cannot trust (unknown client): the app's look, a way home.
    await p.goto(`${issuer}/authorize?client_id=nobody&response_type=code`);
    await p.getByRole('heading', { name: "This app's sign-in request is invalid" }).waitFor();
    expect(await p.getByRole('link', { name: 'BuildMyMCPServer' }).first().getAttribute('href')).toBe(
      `${stack.urls.WEB_URL}/`,
    );
    problems.push(...(await checkPage(p, 'as-error')));
    expect(freshErrors.filter((e) => !e.includes('status of 401') && !e.includes('status of 400'))).toEqual(
      [],
    );
    await fresh.close();
  });

  it('stacks the servers and audit tables into cards on a phone', async () => {
    for (const [path, name] of [
      ['/dashboard', 'dashboard'],
      ['/audit', 'audit'],
    ] as const) {
      await page.goto(web(path), { waitUntil: 'networkidle' });
      await page.locator('table.table-stacked td').first().waitFor();
      problems.push(...(await checkPage(page, name)));
      await page.setViewportSize({ width: 390, height: 844 });
      const cell = page.locator('table.table-stacked td').first();
      expect([
        path,
        await cell.evaluate((td) => td.ownerDocument.defaultView!.getComputedStyle(td).display),
      ]).toEqual([path, 'block']);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('turns the footer badge to the live degraded state when a service stops', async () => {
    await stack.stopService('builder');
    await page.goto(web('/pricing'));
    const badge = page.getByTestId('status-badge');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('degraded');
    expect(await badge.textContent()).toBe('Degraded: Builder');
    await page.getByTestId('billing-note').waitFor();
  });

  it('found no overflow, no serious or critical axe violation and no console error on any page checked', () => {
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });
});
