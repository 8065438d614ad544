import type { ToolSpec } from '@bmm/spec';

/**
 * What a prompt asks for, as "verb + thing" phrases ("add a label", "read comments"), and which of
 * them a draft's tools cover. Deliberately conservative: a clause counts as an ask only when it holds
 * a known action verb, and a tool covers it only when its name or title carries a verb of the same
 * kind and the thing asked for. What it cannot read, it does not report.
 */

const VERB_GROUPS: Record<string, readonly string[]> = {
  read: [
    'read',
    'get',
    'fetch',
    'show',
    'view',
    'see',
    'retrieve',
    'list',
    'browse',
    'search',
    'find',
    'query',
    'lookup',
    'look',
    'check',
    'summarize',
    'summarise',
    'track',
    'watch',
  ],
  create: [
    'add',
    'create',
    'open',
    'make',
    'post',
    'submit',
    'write',
    'save',
    'store',
    'send',
    'reply',
    'comment',
  ],
  update: ['update', 'edit', 'change', 'modify', 'rename', 'assign', 'move', 'mark', 'tag', 'label', 'set'],
  delete: ['delete', 'remove', 'close', 'archive', 'cancel', 'clear'],
  convert: ['convert', 'calculate', 'compute', 'evaluate', 'translate'],
};

const VERB_OF = new Map<string, string>();
for (const [group, verbs] of Object.entries(VERB_GROUPS))
  for (const verb of verbs) {
    VERB_OF.set(verb, group);
    // "reads", "adds", "creates", "searches": a verb in the third person still asks for the same.
    VERB_OF.set(`${verb}s`, group);
    VERB_OF.set(`${verb}es`, group);
  }

/** Words that end the "thing" of an ask: what follows is where, not what. */
const BOUNDARIES = new Set([
  'to',
  'for',
  'from',
  'in',
  'into',
  'on',
  'onto',
  'of',
  'with',
  'by',
  'about',
  'at',
  'as',
  'that',
  'which',
  'when',
  'where',
  'if',
]);
const FILLERS = new Set([
  'a',
  'an',
  'the',
  'my',
  'our',
  'your',
  'their',
  'its',
  'his',
  'her',
  'some',
  'all',
  'any',
  'every',
  'each',
  'one',
  'new',
  'up',
  'me',
  'us',
  'them',
  'it',
  'this',
  'these',
  'those',
  'more',
  'out',
]);

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A crude singular: "issues" → "issue", "labels" → "label", "recipes" → "recipe". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(sses|shes|ches|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export interface Ask {
  /** The words as the person wrote them, e.g. "add a label". */
  phrase: string;
  verb: string;
  /** The thing asked for, singular, e.g. ["label"]; one to three words. */
  things: string[];
}

/** The asks in a prompt: each clause's first known verb and the words naming what it acts on. */
export function extractAsks(prompt: string): Ask[] {
  const asks: Ask[] = [];
  const clauses = prompt.split(/[.;,:!?\n()]+|\s(?:and|or|then|also|plus)\s/i);
  for (const clause of clauses) {
    const raw = clause.trim().split(/\s+/).filter(Boolean);
    const tokens = raw.map((w) => w.toLowerCase().replace(/[^a-z0-9'-]/g, ''));
    const at = tokens.findIndex((t) => VERB_OF.has(t));
    if (at < 0) continue;
    const things: string[] = [];
    let end = at + 1;
    for (; end < tokens.length && things.length < 3; end++) {
      const t = tokens[end]!;
      if (BOUNDARIES.has(t)) break;
      if (FILLERS.has(t) || !t) continue;
      things.push(stem(t.replace(/'s$/, '')));
    }
    if (!things.length) continue;
    const verb = tokens[at]!;
    asks.push({
      phrase: raw
        .slice(at, end)
        .join(' ')
        .replace(/[^\w\s'-]+$/, ''),
      verb,
      things,
    });
  }
  return asks;
}

type ToolLike = Pick<ToolSpec, 'name'> & Partial<Pick<ToolSpec, 'title' | 'description' | 'annotations'>>;

/**
 * Whether one tool does what an ask asks: its name or title carries a verb of the same kind (or no
 * verb at all), and its name, title or description the thing asked for.
 */
export function toolCovers(tool: ToolLike, ask: Ask): boolean {
  const ws = [...words(tool.name), ...words(tool.title ?? '')].map(stem);
  const askGroup = VERB_OF.get(ask.verb);
  const groups = new Set(ws.map((w) => VERB_OF.get(w)).filter(Boolean));
  // A tool named only for its thing ("public_holidays", "wikipedia_summary") reads it.
  if (!groups.size && tool.annotations?.readOnlyHint) groups.add('read');
  const verbOk = groups.size === 0 || (askGroup !== undefined && groups.has(askGroup));
  if (!verbOk) return false;
  const thing = new Set([...ws, ...words(tool.description ?? '').map(stem)]);
  return ask.things.some((t) => thing.has(t));
}

export interface Coverage {
  /** Asks no tool covers, as the person wrote them. */
  uncovered: string[];
  /** Tools that cover none of the asks (only when the prompt had any asks at all). */
  extra: string[];
}

export function coverage(prompt: string, tools: ToolLike[]): Coverage {
  const asks = extractAsks(prompt);
  if (!asks.length) return { uncovered: [], extra: [] };
  const uncovered = asks.filter((a) => !tools.some((t) => toolCovers(t, a))).map((a) => a.phrase);
  const extra = tools.filter((t) => !asks.some((a) => toolCovers(t, a))).map((t) => t.name);
  return { uncovered: [...new Set(uncovered)], extra };
}

/** The sentence the wizard shows for uncovered asks, or null when everything asked is covered. */
export function uncoveredNote(uncovered: string[]): string | null {
  if (!uncovered.length) return null;
  const list = uncovered.map((u) => `“${u}”`);
  const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  return `Not covered by this draft: ${joined}. Add a tool for ${uncovered.length === 1 ? 'it' : 'each'} in the tool editor, or describe it differently.`;
}
