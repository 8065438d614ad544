import { createClaudePlanner, type PlannerLogger } from './claude/planner.js';
import { createOfflinePlanner } from './offline.js';
import { type Planner, PlannerError } from './types.js';

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export interface CreatePlannerOptions {
  anthropicApiKey?: string;
  model?: string;
  baseURL?: string;
  logger?: PlannerLogger;
}

/** Claude when a key is configured, else offline; a request's `planner: 'offline'` forces offline. */
export function createPlanner(options: CreatePlannerOptions = {}): Planner {
  const offline = createOfflinePlanner();
  const claude = options.anthropicApiKey
    ? createClaudePlanner({
        apiKey: options.anthropicApiKey,
        model: options.model ?? DEFAULT_MODEL,
        baseURL: options.baseURL,
        logger: options.logger,
      })
    : null;
  return {
    draft(request) {
      if (request.planner === 'offline') return offline.draft(request);
      if (request.planner === 'claude' && !claude)
        return Promise.reject(
          new PlannerError(
            'planner_unavailable',
            'The Claude planner is not configured (no ANTHROPIC_API_KEY).',
            400,
          ),
        );
      return (claude ?? offline).draft(request);
    },
  };
}
