import type { Tool } from '@/components/tool-editor';
import type { PersonalTokenOption, UpstreamLike } from '@/lib/upstream-switch';

export type Spec = Record<string, any> & {
  tools: Tool[];
  secrets: { name: string; description: string; required: boolean; howToObtain?: string }[];
  upstreams?: UpstreamLike[];
};

export interface Draft {
  spec: Spec | null;
  /** `blank`: the person chose to start with no tools. */
  source: 'claude' | 'openapi' | 'template' | 'blank';
  notes: string[];
  personalTokens?: PersonalTokenOption[];
  /** What the prompt asked for that no drafted tool does. */
  uncovered?: string[];
  suggestions?: { id: string; name: string; description: string }[];
}

export const SOURCE_LABEL: Record<Draft['source'], string> = {
  claude: 'Drafted by Claude',
  openapi: 'Imported from your OpenAPI document',
  template: 'From a built-in template (offline planner)',
  blank: 'Started blank',
};

export const STEP_NAMES = ['Describe', 'Review tools', 'Build & connect'] as const;
