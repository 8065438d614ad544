import Anthropic from '@anthropic-ai/sdk';
import { formatIssues, type ServerSpec, type SpecIssue, serverSpecSchema, validateSpec } from '@bmm/spec';
import { coverage, uncoveredNote } from '../coverage.js';
import { importOpenApi } from '../openapi/import.js';
import { type Draft, type DraftRequest, type Planner, PlannerError } from '../types.js';
import { personalTokenOptions, upstreamNotes } from '../upstreams.js';
import { createAnthropicClient } from './client.js';
import { EMIT_TOOL, SYSTEM_PROMPT, userMessage } from './prompt.js';

export interface PlannerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ClaudePlannerOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  logger?: PlannerLogger;
  /** Per request, default 90 s. */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx and connection errors, default 2. */
  maxRetries?: number;
  /** Rounds in which validation issues go back to Claude, default 2. */
  maxRepairRounds?: number;
  maxTokens?: number;
}

const { $schema: _s, $id: _i, ...inputSchema } = serverSpecSchema;

/** Issues validateSpec does not know about but the planner promises: one example per tool. */
function plannerIssues(spec: ServerSpec): SpecIssue[] {
  return spec.tools.flatMap((tool, i) =>
    tool.examples?.length ? [] : [{ path: `/tools/${i}/examples`, message: 'needs one example input' }],
  );
}

/** Validates Claude's emitted spec (with the name and slug the person chose) and the planner's own promises. */
function checkDraft(
  use: Anthropic.ToolUseBlock,
  message: Anthropic.Message,
  request: DraftRequest,
): { ok: true; spec: ServerSpec } | { ok: false; issues: SpecIssue[] } {
  const input = { ...(use.input as Record<string, unknown>), name: request.name, slug: request.slug };
  const result = validateSpec(input);
  const issues = result.ok ? plannerIssues(result.spec) : result.issues;
  if (message.stop_reason === 'max_tokens')
    issues.push({ path: '/', message: 'the answer was cut off (max tokens): emit fewer or shorter tools' });
  return result.ok && !issues.length ? { ok: true, spec: result.spec } : { ok: false, issues };
}

/** A valid draft with the notes a person reads before building it. */
function acceptedDraft(spec: ServerSpec, request: DraftRequest, model: string, round: number): Draft {
  const needed = spec.secrets.filter((s) => s.required);
  const personalTokens = personalTokenOptions(spec);
  const missing = coverage(request.prompt, spec.tools).uncovered;
  const missingNote = uncoveredNote(missing);
  return {
    spec,
    source: 'claude',
    notes: [
      `Drafted by Claude (${model})${round ? ` after ${round} repair round${round > 1 ? 's' : ''}` : ''}.`,
      ...upstreamNotes(spec),
      ...(needed.length ? [`Needs ${needed.map((s) => s.name).join(', ')}.`] : []),
      ...(missingNote ? [missingNote] : []),
      'Review each tool before building: URLs, inputs and examples are a draft.',
    ],
    ...(missing.length ? { uncovered: missing } : {}),
    ...(personalTokens.length ? { personalTokens } : {}),
  };
}

/** One Messages API request that must answer with the emit tool; logs tokens and timing, never content. */
async function askClaude(
  client: Anthropic,
  options: ClaudePlannerOptions,
  messages: Anthropic.MessageParam[],
  round: number,
): Promise<Anthropic.Message> {
  const started = Date.now();
  try {
    const message = await client.messages.create({
      model: options.model,
      max_tokens: options.maxTokens ?? 16_000,
      system: SYSTEM_PROMPT,
      messages,
      tools: [
        {
          name: EMIT_TOOL,
          description: 'Emit the complete ServerSpec of the MCP server.',
          input_schema: inputSchema as unknown as Anthropic.Tool.InputSchema,
        },
      ],
      tool_choice: { type: 'tool', name: EMIT_TOOL },
    });
    options.logger?.info(
      {
        model: options.model,
        round,
        ms: Date.now() - started,
        inputTokens: message.usage.input_tokens,
        outputTokens: message.usage.output_tokens,
        stopReason: message.stop_reason,
      },
      'planner: Claude answered',
    );
    return message;
  } catch (err) {
    throw toPlannerError(err, options.logger);
  }
}

export function createClaudePlanner(options: ClaudePlannerOptions): Planner {
  if (!options.apiKey) throw new Error('createClaudePlanner: apiKey is required');
  if (!options.model) throw new Error('createClaudePlanner: model is required');
  const client = createAnthropicClient(options);
  const repairRounds = options.maxRepairRounds ?? 2;

  return {
    async draft(request: DraftRequest): Promise<Draft> {
      if (request.openapi?.trim()) return importOpenApi(request);
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: userMessage(request) }];
      let lastIssues: SpecIssue[] = [];
      for (let round = 0; round <= repairRounds; round++) {
        const message = await askClaude(client, options, messages, round);
        const use = message.content.find(
          (b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === EMIT_TOOL,
        );
        if (!use) {
          lastIssues = [{ path: '/', message: `expected a ${EMIT_TOOL} tool call, got none` }];
          messages.push({ role: 'assistant', content: message.content });
          messages.push({ role: 'user', content: `Answer with one ${EMIT_TOOL} tool call.` });
          continue;
        }
        const checked = checkDraft(use, message, request);
        if (checked.ok) return acceptedDraft(checked.spec, request, options.model, round);
        const issues = checked.issues;
        lastIssues = issues;
        options.logger?.warn({ round, issues: issues.length }, 'planner: draft invalid, asking for a repair');
        messages.push({ role: 'assistant', content: message.content });
        messages.push({
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: use.id,
              is_error: true,
              content: `The ServerSpec is invalid. Fix every issue and call ${EMIT_TOOL} again with the complete spec:\n${formatIssues(issues.slice(0, 50))}`,
            },
          ],
        });
      }
      throw new PlannerError(
        'invalid_draft',
        `Claude's draft is still invalid after ${repairRounds} repair rounds:\n${formatIssues(lastIssues.slice(0, 20))}`,
        502,
      );
    },
  };
}

function toPlannerError(err: unknown, logger?: PlannerLogger): PlannerError {
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return new PlannerError('upstream_timeout', 'Claude did not answer in time; try again.', 504);
  if (err instanceof Anthropic.APIError) {
    logger?.warn(
      { status: err.status, type: (err.error as { error?: { type?: string } })?.error?.type },
      'planner: Claude API error',
    );
    if (err.status === 401 || err.status === 403)
      return new PlannerError('upstream_auth', 'The Anthropic API key was rejected.', 502);
    if (err.status === 429)
      return new PlannerError('upstream_rate_limited', 'Claude is rate-limited; try again shortly.', 503);
    if (err.status === undefined || err.status >= 500)
      return new PlannerError(
        'upstream_unavailable',
        'Claude is unavailable right now; try again shortly.',
        503,
      );
    return new PlannerError('upstream_rejected', `Claude rejected the request (${err.status}).`, 502);
  }
  return new PlannerError('upstream_unavailable', `Planner failed: ${(err as Error).message}`, 503);
}
