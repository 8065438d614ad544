export { type DependencyCheck, httpDependency, registerHealthRoutes } from './health.js';
export {
  badRequest,
  conflict,
  type FieldError,
  forbidden,
  HttpProblem,
  notFound,
  type ProblemBody,
  problemErrorHandler,
  problemSchema,
  registerProblemHandlers,
  sendProblem,
  unauthorized,
} from './problem.js';
export { exitWithStartupError, type RunOptions, runService } from './run.js';
