/**
 * The playground's Chat tab in Chromium against the whole platform, with the api's Claude pointed at
 * the fake Messages API: a question streams in through the web's proxy, Claude's call of `add` runs
 * on the hosted calculator and shows inline (arguments and result), Stop ends an answer and the
 * Anthropic stream behind it, and an api without ANTHROPIC_API_KEY makes the tab explain itself.
 */
import { buildApp as buildApi } from '@bmm/api/app';
import { createDb } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { createPlanner } from '@bmm/planner';
import type { FakeAnthropic, FakeRequest } from '@bmm/planner/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInConnector } from '../support/connector-signin.ts';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { hasChromium, launchBrowser, newContext, screenshot, watchErrors } from './support/browser.ts';
import { type Stack, startStack } from './support/stack.ts';

describe.skipIf(!hasChromium)('the playground chat', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let fake: FakeAnthropic;
  let connectorId: string;
  let keyless: Awaited<ReturnType<typeof buildApi>> | null = null;
  let keylessDb: ReturnType<typeof createDb> | null = null;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ fakeAnthropic: true }), launchBrowser()]);
    fake = stack.platform.fakeAnthropic!;
    const user = new Session(stack.urls.API_URL, stack.urls.WEB_URL);
    const { org } = await user.signUp('chat.page@example.com');
    await deployHostedServer(stack.platform.db, org.id, calculatorSpec('chat-page-calc'));
    const created = await user.call('POST', '/v1/connectors', {
      name: 'Calculator',
      url: `${stack.urls.RUNNER_URL}/chat-page-calc/mcp`,
      authType: 'oauth',
    });
    connectorId = created.body.connector.id;
    await signInConnector(user, stack.urls.OAUTH_ISSUER, connectorId);
    const context = await newContext(browser);
    await context.addCookies([
      { name: 'bmm_session', value: user.cookie.replace(/^bmm_session=/, ''), url: stack.urls.WEB_URL },
    ]);
    page = await context.newPage();
    errors = watchErrors(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await keyless?.close();
    await keylessDb?.destroy();
    await stack?.stop();
  });

  it('streams the answer and shows Claude’s tool call inline, with its arguments and result', async () => {
    fake.enqueue(
      {
        content: [{ text: 'Let me add those. ' }, { toolUse: { name: 'add', input: { a: 19, b: 23 } } }],
        stream: { chunkSize: 4, delayMs: 20 },
      },
      (request: FakeRequest) => {
        const result = request.body.messages.at(-1).content[0];
        return {
          text: `The sum of 19 and 23 is ${JSON.parse(result.content).sum}.`,
          stream: { chunkSize: 3, delayMs: 60 },
        };
      },
    );
    await page.goto(`${stack.urls.WEB_URL}/playground?connector=${connectorId}`);
    await page.getByRole('tab', { name: 'Chat' }).click();
    await page.getByText(/Claude \(claude-sonnet-5-5\) answers with the tools of/).waitFor();
    // Every text the last answer bubble showed, to see it grow rather than appear at once.
    // (A script string: this project's type-checking has no DOM library.)
    await page.evaluate(`{
      const seen = (window.seen = []);
      new MutationObserver(() => {
        const bubbles = document.querySelectorAll('[data-testid="chat-assistant"] .chat-text');
        const text = bubbles[bubbles.length - 1]?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }`);
    await page.getByLabel('Your message').fill('What is 19 + 23?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const call = page.getByTestId('chat-tool-call');
    await call.getByText('Called').waitFor({ timeout: 30_000 });
    await call.locator(':scope > summary').getByText('OK', { exact: true }).waitFor();
    await page.getByText('The sum of 19 and 23 is 42.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    const seen = (await page.evaluate('window.seen')) as string[];
    const final = 'The sum of 19 and 23 is 42.';
    expect(seen.at(-1)).toBe(final);
    expect(seen.filter((t) => final.startsWith(t) && t !== final).length).toBeGreaterThan(3);

    // Folded until opened: the arguments and the result as the Tools tab shows results.
    await call.locator(':scope > summary').click();
    await call.locator('.json-number', { hasText: '19' }).waitFor();
    await call.getByRole('region', { name: 'Result' }).locator('.json-number', { hasText: '42' }).waitFor();
    expect(fake.requests.at(-1)!.body.messages.at(-1).content[0]).toMatchObject({
      type: 'tool_result',
      content: '{"sum":42}',
    });
    await screenshot(page, 'playground-chat');
  });

  it('stops an answer: the Anthropic stream behind it ends, and the chat goes on', async () => {
    fake.enqueue({
      text: 'This answer will never finish because',
      stream: { chunkSize: 4, stallAfterDeltas: 2 },
    });
    await page.getByLabel('Your message').fill('Tell me a long story.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // Two deltas of four characters arrive, then the fake goes quiet.
    await page.getByText('This ans', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Stopped. Claude did not finish this answer.').waitFor();
    const stalled = fake.requests.at(-1)!;
    await expect.poll(() => stalled.closedEarly, { timeout: 10_000 }).toBe(true);

    // The next question goes out with the conversation before the stopped one.
    fake.enqueue({ text: 'Still here.' });
    await page.getByLabel('Your message').fill('Are you there?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Still here.').waitFor({ timeout: 30_000 });
    const sent = fake.requests.at(-1)!.body.messages;
    expect(sent).toHaveLength(5);
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'Are you there?' });
    // The conversation survives a visit to the Tools tab.
    await page.getByRole('tab', { name: 'Tools' }).click();
    await page.getByRole('tab', { name: 'Chat' }).click();
    await page.getByText('Still here.').waitFor();
    await page.getByText('The sum of 19 and 23 is 42.').waitFor();
    expect(errors).toEqual([]);
  });

  it('explains why chat is absent when the api has no ANTHROPIC_API_KEY', async () => {
    // Swap the api for one without a key, on the same port the web app forwards to.
    await stack.stopService('api');
    keylessDb = createDb(stack.platform.databaseUrl, { max: 2 });
    keyless = await buildApi({
      db: keylessDb,
      logger: createLogger({ name: 'api-keyless', level: 'silent' }),
      keyring: stack.platform.keyring,
      planner: createPlanner({}),
      config: { ...stack.urls, allowPrivateNetwork: true },
    });
    await keyless.listen({ port: Number(new URL(stack.urls.API_URL).port), host: '127.0.0.1' });
    await page.goto(`${stack.urls.WEB_URL}/playground?connector=${connectorId}`);
    await page.getByRole('tab', { name: 'Chat' }).click();
    const off = page.getByTestId('chat-unavailable');
    await off.getByText('Chat is off on this platform').waitFor();
    await off.getByText(/operator sets on the api service \(ANTHROPIC_API_KEY\)/).waitFor();
    expect(await page.getByLabel('Your message').count()).toBe(0);
    // The Tools tab works without it.
    await page.getByRole('tab', { name: 'Tools' }).click();
    await page.getByLabel('Tool', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
