export { type AnthropicClientOptions, createAnthropicClient } from './claude/client.js';
export { type ClaudePlannerOptions, createClaudePlanner, type PlannerLogger } from './claude/planner.js';
export { EMIT_TOOL, SYSTEM_PROMPT } from './claude/prompt.js';
export { type Ask, type Coverage, coverage, extractAsks, uncoveredNote } from './coverage.js';
export { type CreatePlannerOptions, createPlanner, DEFAULT_MODEL } from './create.js';
export { createOfflinePlanner, draftFromTemplates } from './offline.js';
export { DEFAULT_MAX_TOOLS, importOpenApi } from './openapi/import.js';
export { MAX_OPENAPI_BYTES, parseOpenApi } from './openapi/parse.js';
export { matchTemplates, scoreTemplates, specFromTemplates, TEMPLATES } from './templates/catalog.js';
export type { Template } from './templates/types.js';
export {
  type Draft,
  type DraftRequest,
  type DraftSource,
  type PersonalTokenOption,
  type Planner,
  PlannerError,
} from './types.js';
export {
  personalTokenOptions,
  presetUpstream,
  signInUpstream,
  upstreamNotes,
  upstreamTokenRef,
} from './upstreams.js';
