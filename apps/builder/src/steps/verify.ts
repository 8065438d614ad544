import { signTicket } from '@bmm/crypto';
import { fail, type StepContext, throwIfAborted } from './context.js';

const ATTEMPTS = 4;

/** The runner loads this version and lists exactly the spec's tools. */
export async function verifyStep(ctx: StepContext): Promise<string> {
  const { state } = ctx;
  const expected = [...(state.artifact ?? state.spec!).tools.map((t) => t.name)].sort();
  const url = `${ctx.runnerUrl}/internal/verify`;
  let lastError = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    throwIfAborted(ctx.signal);
    const ticket = signTicket(
      ctx.keyring.deriveKey('internal'),
      'runner-verify',
      { versionId: state.version!.id },
      60,
    );
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ticket}`, 'content-type': 'application/json' },
        body: JSON.stringify({ versionId: state.version!.id }),
        signal: ctx.signal,
      });
      const text = await res.text();
      if (res.ok) {
        const tools = (JSON.parse(text) as { tools?: unknown }).tools;
        if (!Array.isArray(tools))
          fail(`The runner answered verify without a tool list: ${text.slice(0, 200)}`);
        const served = tools.map(String).sort();
        const missing = expected.filter((t) => !served.includes(t));
        const extra = served.filter((t) => !expected.includes(t));
        if (missing.length || extra.length)
          fail(
            `The runner serves different tools than the spec: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `unexpected ${extra.join(', ')}` : ''}.`,
          );
        return `runner serves ${served.length} tool(s): ${served.join(', ')}`;
      }
      lastError = `HTTP ${res.status}: ${text.slice(0, 300)}`;
      if (res.status < 500 && res.status !== 404 && res.status !== 409) break;
    } catch (err) {
      if ((err as Error).name === 'BuildFailure') throw err;
      throwIfAborted(ctx.signal);
      lastError = (err as Error).message;
    }
    await ctx.log.warn('verify', `runner not ready (attempt ${attempt}/${ATTEMPTS}): ${lastError}`);
    await new Promise((r) => setTimeout(r, 150 * attempt));
  }
  fail(`The runner could not load this version (${lastError}); the previous version keeps serving.`);
}
