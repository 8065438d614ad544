export { type Draft, type DraftRequest, type DraftSource, type Planner, PlannerError } from './types.js';
