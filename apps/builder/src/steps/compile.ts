import { checkCodeCompiles } from '@bmm/sandbox';
import { fail, type StepContext, throwIfAborted } from './context.js';

/** Every code tool parses and loads in QuickJS (on a sandbox worker thread, in this org's queue). */
export async function compileStep(ctx: StepContext): Promise<string> {
  const spec = ctx.state.spec!;
  const failures: string[] = [];
  let count = 0;
  for (const tool of spec.tools) {
    if (tool.impl.kind !== 'code') continue;
    throwIfAborted(ctx.signal);
    const started = Date.now();
    const result = await checkCodeCompiles(tool.impl.source, {
      isolation: 'worker',
      orgId: ctx.build.org_id,
    });
    count++;
    if (result.ok)
      await ctx.log.info('compile', `${tool.name}: loaded in QuickJS (${Date.now() - started} ms)`);
    else {
      failures.push(`${tool.name}: ${result.error}`);
      await ctx.log.error('compile', `${tool.name}: ${result.error}`);
    }
  }
  if (failures.length)
    fail(
      `Code tool${failures.length > 1 ? 's' : ''} did not compile — fix the source:\n${failures.join('\n')}`,
    );
  return count ? `${count} code tool(s) compiled` : 'no code tools';
}
