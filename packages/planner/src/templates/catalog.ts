import type { ServerSpec, ToolSpec, UpstreamSpec } from '@bmm/spec';
import { calculator, timezones, urlFetcher } from './code-templates.js';
import {
  currency,
  githubIssues,
  hackerNews,
  notionSearch,
  publicHolidays,
  weather,
  wikipedia,
} from './http-templates.js';
import { googleCalendar, linearIssues, slackMessages } from './signin-templates.js';
import type { Template } from './types.js';

export const TEMPLATES: readonly Template[] = [
  weather,
  githubIssues,
  notionSearch,
  googleCalendar,
  slackMessages,
  linearIssues,
  hackerNews,
  currency,
  timezones,
  calculator,
  urlFetcher,
  wikipedia,
  publicHolidays,
];

/** A template matches when its keywords score at least this much in the prompt. */
export const MATCH_THRESHOLD = 2;
const MAX_COMBINED = 3;

export interface TemplateScore {
  template: Template;
  score: number;
}

function normalize(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9+-]+/g, ' ')
    .replace(/\s+/g, ' ')} `;
}

/** Keyword score of every template for a prompt, best first (ties keep catalog order). */
export function scoreTemplates(prompt: string): TemplateScore[] {
  const text = normalize(prompt);
  return TEMPLATES.map((template) => {
    let score = 0;
    for (const [keyword, weight] of Object.entries(template.keywords)) {
      if (text.includes(normalize(keyword))) score += weight;
    }
    if (text.includes(normalize(template.id.replace(/-/g, ' ')))) score += 2;
    return { template, score };
  }).sort((a, b) => b.score - a.score);
}

/** Templates the prompt asks for (up to three, combined), or none. */
export function matchTemplates(prompt: string): Template[] {
  return scoreTemplates(prompt)
    .filter((s) => s.score >= MATCH_THRESHOLD)
    .slice(0, MAX_COMBINED)
    .map((s) => s.template);
}

/** One spec from one or more templates: tools, secrets, upstreams and allowed hosts merged. */
export function specFromTemplates(templates: Template[], name: string, slug: string): ServerSpec {
  const tools: ToolSpec[] = [];
  const secrets = new Map<string, ServerSpec['secrets'][number]>();
  const hosts = new Set<string>();
  const upstreams = new Map<string, UpstreamSpec>();
  for (const t of templates) {
    tools.push(...structuredClone(t.spec.tools));
    for (const s of t.spec.secrets) secrets.set(s.name, { ...s });
    for (const u of t.spec.upstreams ?? []) if (!upstreams.has(u.id)) upstreams.set(u.id, structuredClone(u));
    for (const h of t.spec.allowedHosts ?? []) hosts.add(h);
  }
  const single = templates.length === 1 ? templates[0]!.spec : null;
  return {
    name,
    slug,
    description: (single ? single.description : templates.map((t) => t.spec.description).join(' ')).slice(
      0,
      2000,
    ),
    ...(single?.instructions ? { instructions: single.instructions } : {}),
    secrets: [...secrets.values()],
    ...(hosts.size ? { allowedHosts: [...hosts] } : {}),
    tools,
    ...(upstreams.size ? { upstreams: [...upstreams.values()] } : {}),
  };
}

export function templateSummary(t: Template): { id: string; name: string; description: string } {
  return { id: t.id, name: t.name, description: t.description };
}
