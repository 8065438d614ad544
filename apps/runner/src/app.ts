import type { Db } from '@bmm/db';
import { registerHealthRoutes, registerProblemHandlers } from '@bmm/http';
import type { Logger } from '@bmm/logger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

export interface AppDeps {
  db: Db;
  logger: Logger;
}

/** Builds the runner service from its dependencies; never reads the environment, never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger });
  registerProblemHandlers(app);
  registerHealthRoutes(app, deps.db);
  return app;
}
