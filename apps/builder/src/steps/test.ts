import { executeTool, type ToolResult, type UpstreamBridge } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import { fail, type StepContext, throwIfAborted } from './context.js';

function resultText(result: ToolResult): string {
  const parts = result.content.map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c)));
  if (result.structuredContent) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n');
}

/**
 * The test step never needs real credentials (upstreams are stubbed): secrets are placeholders,
 * so no secret value ever enters the builder or its logs.
 */
function placeholderSecrets(names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, `test-${n.toLowerCase()}`]));
}

/**
 * Upstream sign-in during the test step: every upstream the spec declares answers with a stand-in
 * token (never a real one: the builder has no user and no vault access); the upstream itself is
 * stubbed by the example's mockResponse.
 */
export function standInUpstreams(spec: ServerSpec): UpstreamBridge {
  return {
    async get(id) {
      const upstream = spec.upstreams?.find((u) => u.id === id);
      if (!upstream)
        throw Object.assign(new Error(`This server has no upstream "${id}"`), {
          name: 'UpstreamUnavailable',
        });
      return {
        accessToken: `test-upstream-${id}-token`,
        tokenType: 'Bearer',
        expiresAt: null,
        scopes: upstream.scopes,
        account: { id: 'test-account', label: 'test@example.com' },
      };
    },
  };
}

type Tool = ServerSpec['tools'][number];
type Example = NonNullable<Tool['examples']>[number];

/** Each tool's examples run in the sandbox; the expectations (`isError`, `contains`) must hold. */
export async function testStep(ctx: StepContext): Promise<string> {
  const spec = ctx.state.spec!;
  const failures: string[] = [];
  let runs = 0;
  let untested = 0;
  for (const tool of spec.tools) {
    if (!tool.examples?.length) {
      untested++;
      await ctx.log.warn('test', `${tool.name}: no example, not tested`);
      continue;
    }
    for (const [i, example] of tool.examples.entries()) {
      throwIfAborted(ctx.signal);
      const failure = await runExample(ctx, spec, tool, example, `${tool.name} example ${i + 1}`);
      runs++;
      if (failure) failures.push(failure);
    }
  }
  if (failures.length)
    fail(
      `${failures.length} example(s) failed — fix the tool or its example, then rebuild:\n${failures.join('\n')}`,
    );
  return `${runs} example(s) passed${untested ? `, ${untested} tool(s) without examples` : ''}`;
}

/** Runs one example on a sandbox worker and logs the outcome; answers what failed, or null. */
async function runExample(
  ctx: StepContext,
  spec: ServerSpec,
  tool: Tool,
  example: Example,
  label: string,
): Promise<string | null> {
  if (tool.impl.kind === 'http' && !example.mockResponse)
    await ctx.log.warn('test', `${label}: no mockResponse; the upstream is stubbed with 200 {}`);
  const requests: string[] = [];
  const started = Date.now();
  const result = await executeTool(tool, example.input, {
    secrets: placeholderSecrets(spec.secrets.map((s) => s.name)),
    allowedHosts: spec.allowedHosts ?? [],
    upstream: standInUpstreams(spec),
    // Outbound HTTP is answered from the example's mockResponse, never the network: builds are deterministic.
    stub: {
      response: example.mockResponse ?? { status: 200, body: {} },
      onRequest: (request) => requests.push(request),
    },
    // Code tools run on sandbox worker threads, in this org's queue: never on the builder's event loop.
    isolation: 'worker',
    orgId: ctx.build.org_id,
    allowPrivateNetwork: ctx.allowPrivateNetwork,
    limits: { timeoutMs: Math.min(10_000, ctx.stepTimeoutMs) },
    signal: ctx.signal,
    onLog: (level, message) => {
      // Tool logs are best effort: a failed line must not become an unhandled rejection.
      ctx.log
        .write(level === 'warning' ? 'warn' : level, 'test', `${tool.name} log: ${message}`)
        .catch(() => {});
    },
  });
  const ms = Date.now() - started;
  const problems = expectationProblems(example, result);
  if (problems.length) {
    await ctx.log.error('test', `✗ ${label} (${ms} ms): ${problems.join('; ')}`);
    return `${label}: ${problems.join('; ')}`;
  }
  await ctx.log.info(
    'test',
    `✓ ${label} (${ms} ms)${requests.length ? ` — stubbed ${requests.map((r) => r.split('?')[0]).join(', ')}` : ''}`,
  );
  return null;
}

function expectationProblems(example: Example, result: ToolResult): string[] {
  const text = resultText(result);
  const wantError = example.expect?.isError ?? false;
  const problems: string[] = [];
  if (result.isError !== wantError)
    problems.push(
      wantError
        ? 'expected an error result but the call succeeded'
        : `the call failed: ${text.slice(0, 300)}`,
    );
  if (example.expect?.contains !== undefined && !text.includes(example.expect.contains))
    problems.push(`expected the result to contain "${example.expect.contains}", got: ${text.slice(0, 300)}`);
  return problems;
}
