import type { ServerSpec } from '@bmm/spec';
import type { PersonalTokenOption } from './upstreams.js';

export type { PersonalTokenOption };

export interface DraftRequest {
  prompt: string;
  name: string;
  slug: string;
  /** An OpenAPI 3.x / Swagger 2.0 document, JSON or YAML text. */
  openapi?: string;
  /** Force a planner; default: Claude when configured, else offline. */
  planner?: 'claude' | 'offline';
  /** OpenAPI import filters. */
  filter?: { tags?: string[]; operations?: string[]; maxTools?: number };
  /** OpenAPI import: the upstream base URL when the document has no absolute server URL. */
  baseUrl?: string;
  /**
   * OpenAPI import: what to focus on, in words ("issues and labels"). Operations whose id, path,
   * summary or tags mention none of its words are left out; when nothing matches it is ignored,
   * and a note says so.
   */
  focus?: string;
}

export type DraftSource = 'claude' | 'openapi' | 'template';

export interface Draft {
  /** A spec that passes `validateSpec`; absent when nothing matched (see notes and suggestions). */
  spec: ServerSpec | null;
  source: DraftSource;
  /** Sentences for the UI: what was chosen, what was skipped, what to check. */
  notes: string[];
  /**
   * For each preset upstream whose provider also issues personal tokens: the secret a person may
   * use instead of the per-user sign-in (the wizard's switch; everyone then acts as its owner).
   */
  personalTokens?: PersonalTokenOption[];
  /**
   * What the prompt asked for that no drafted tool does, in the person's words ("add a label").
   * Also said in `notes`; separate so the wizard can show it plainly.
   */
  uncovered?: string[];
  /** Templates related to the prompt (some keyword in common) when nothing matched it; may be empty. */
  suggestions?: { id: string; name: string; description: string }[];
}

/** The API depends on this interface only; packages/planner provides the implementations. */
export interface Planner {
  draft(request: DraftRequest): Promise<Draft>;
}

export class PlannerError extends Error {
  override name = 'PlannerError';
  constructor(
    /** Stable code: `invalid_openapi`, `upstream_unavailable`, `invalid_draft`, … */
    readonly code: string,
    message: string,
    /** 4xx when the input is at fault, 502/503 when the model is. */
    readonly status = 400,
  ) {
    super(message);
  }
}
