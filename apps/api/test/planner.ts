import { createOfflinePlanner, type Planner } from '@bmm/planner';

/** The real offline planner (templates and OpenAPI import); never a mock. */
export function testPlanner(): Planner {
  return createOfflinePlanner();
}
