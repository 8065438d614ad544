export { type ErrorFormat, frameworkErrorOptions, problemFormat } from './framework-errors.js';
export { type DependencyCheck, httpDependency, registerHealthRoutes } from './health.js';
export {
  findUnsafeInput,
  INT4,
  MAX_INPUT_DEPTH,
  registerInputGuard,
  unsafeTextReason,
} from './input-guard.js';
export {
  Counter,
  createMetricsRegistry,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  type MetricsPluginOptions,
  metricsPlugin,
  Registry,
  startMetricsServer,
} from './metrics.js';
export {
  badGateway,
  badRequest,
  conflict,
  type FieldError,
  forbidden,
  HttpProblem,
  notFound,
  type ProblemBody,
  problemErrorHandler,
  problemSchema,
  problemTitle,
  registerProblemHandlers,
  sendProblem,
  UpstreamProblem,
  unauthorized,
} from './problem.js';
export { exitWithStartupError, listenOptions, type RunOptions, runService } from './run.js';
export { type StatusCountsOptions, statusCountsPlugin } from './status-counts.js';
