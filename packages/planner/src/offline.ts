import { formatIssues, validateSpec } from '@bmm/spec';
import { coverage, uncoveredNote } from './coverage.js';
import { importOpenApi } from './openapi/import.js';
import {
  matchTemplates,
  scoreTemplates,
  specFromTemplates,
  TEMPLATES,
  templateSummary,
} from './templates/catalog.js';
import { type Draft, type DraftRequest, type Planner, PlannerError } from './types.js';
import { personalTokenOptions, upstreamNotes } from './upstreams.js';

/**
 * The planner without a model: an OpenAPI document becomes http tools; otherwise the prompt is
 * matched against the template catalog. It never invents a tool: no match → no spec, plus the
 * closest templates.
 */
export function createOfflinePlanner(): Planner {
  return {
    async draft(request: DraftRequest): Promise<Draft> {
      if (request.openapi?.trim()) return importOpenApi(request);
      return draftFromTemplates(request);
    },
  };
}

export function draftFromTemplates(request: DraftRequest): Draft {
  const matched = matchTemplates(request.prompt);
  if (!matched.length) {
    // Only templates with something in common with the prompt: an unrelated suggestion is noise.
    const related = scoreTemplates(request.prompt)
      .filter((s) => s.score > 0)
      .slice(0, 3);
    return {
      spec: null,
      source: 'template',
      notes: [
        'No template matches this description, and the offline planner does not invent tools.',
        related.length
          ? 'Start blank and add your own tools, start from a related template, or import an OpenAPI document.'
          : 'Start blank and add your own tools, or import an OpenAPI document.',
      ],
      suggestions: related.map((s) => templateSummary(s.template)),
    };
  }
  const spec = specFromTemplates(matched, request.name, request.slug);
  const result = validateSpec(spec);
  if (!result.ok)
    throw new PlannerError('invalid_draft', `Template spec is invalid:\n${formatIssues(result.issues)}`, 500);
  const notes = [
    `Built from the ${matched.map((t) => `"${t.name}"`).join(' + ')} template${matched.length > 1 ? 's' : ''}.`,
  ];
  notes.push(...upstreamNotes(spec));
  const needed = spec.secrets.filter((s) => s.required);
  if (needed.length)
    notes.push(
      `Needs ${needed.map((s) => s.name).join(', ')}: ${needed.map((s) => s.howToObtain ?? s.description).join(' ')}`,
    );
  if (spec.allowedHosts?.length)
    notes.push(
      `Code tools may fetch only from: ${spec.allowedHosts.join(', ')}. Edit allowedHosts to your own sites.`,
    );
  const covered = coverage(request.prompt, result.spec.tools);
  const missing = uncoveredNote(covered.uncovered);
  if (missing) notes.unshift(missing);
  if (covered.extra.length && covered.uncovered.length)
    notes.push(
      `Also in the template, though not asked for: ${covered.extra.join(', ')}. Remove what you do not want.`,
    );
  const personalTokens = personalTokenOptions(result.spec);
  return {
    spec: result.spec,
    source: 'template',
    notes,
    ...(covered.uncovered.length ? { uncovered: covered.uncovered } : {}),
    ...(personalTokens.length ? { personalTokens } : {}),
  };
}

export { TEMPLATES };
