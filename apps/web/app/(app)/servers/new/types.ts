import type { SecretSpec } from '@bmm/spec';
import type { Tool } from '@/components/tool-editor';
import type { Answer } from '@/lib/api';
import type { UpstreamLike } from '@/lib/upstream-switch';

export type Spec = Record<string, any> & {
  tools: Tool[];
  secrets: SecretSpec[];
  upstreams?: UpstreamLike[];
};

type DraftAnswer = Answer<'/v1/servers/preview', 'post'>['draft'];

/** A draft as the wizard holds it; `blank`: the person chose to start with no tools. */
export interface Draft extends Omit<DraftAnswer, 'spec' | 'source'> {
  spec: Spec | null;
  source: DraftAnswer['source'] | 'blank';
}

/**
 * The api's draft, its spec typed for editing: the api answers only specs that passed `validateSpec`
 * (the ServerSpec schema of @bmm/spec), which its OpenAPI document leaves as a plain object.
 */
export function toDraft(draft: DraftAnswer): Draft {
  return { ...draft, spec: draft.spec as Spec | null };
}

export const SOURCE_LABEL: Record<Draft['source'], string> = {
  claude: 'Drafted by Claude',
  openapi: 'Imported from your OpenAPI document',
  template: 'From a built-in template (offline planner)',
  blank: 'Started blank',
};

export const STEP_NAMES = ['Describe', 'Review tools', 'Build & connect'] as const;
