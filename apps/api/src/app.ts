import {
  createMetricsRegistry,
  frameworkErrorOptions,
  metricsPlugin,
  registerHealthRoutes,
  registerInputGuard,
  registerProblemHandlers,
  statusCountsPlugin,
} from '@bmm/http';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger, { type SwaggerOptions } from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { type ApiDeps, type AppDeps, DEFAULT_RATE_LIMITS } from './deps.js';
import { createLogMailer } from './lib/mailer.js';
import { trustedOrigins } from './lib/origins.js';
import { createApiMetrics } from './metrics/api-metrics.js';
import type { Auth } from './plugins/auth.js';
import { registerOpenApi, withCommonResponses } from './plugins/openapi.js';
import { registerRoutes } from './routes/index.js';
import { statusSamplerPlugin } from './status/sampler.js';

export type { ApiDeps, AppDeps } from './deps.js';
export { createLogMailer, createSmtpMailer, type Mailer } from './lib/mailer.js';

/** Builds the api service from its dependencies; never reads the environment, never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...frameworkErrorOptions(),
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.config.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Unknown fields are an error the caller should hear about, not something silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const metricsRegistry = createMetricsRegistry();
  const apiDeps: ApiDeps = {
    ...deps,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits },
    metrics: createApiMetrics(metricsRegistry),
    mailer: deps.mailer ?? createLogMailer(deps.logger),
  };
  app.decorateRequest('auth', null as unknown as Auth);
  registerProblemHandlers(app);
  registerInputGuard(app);
  await app.register(metricsPlugin, { registry: metricsRegistry, db: deps.db, token: deps.metricsToken });
  await app.register(statusCountsPlugin, { service: 'api', db: deps.db });
  const origins = trustedOrigins(deps.config);
  // Trusted web origins get credentials; anyone else may call with an API key, never with cookies.
  await app.register(cors, () => async (request: FastifyRequest) => {
    const origin = request.headers.origin;
    const trusted = typeof origin === 'string' && origins.has(origin);
    return {
      origin: trusted ? origin : '*',
      credentials: trusted,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['content-disposition', 'retry-after'],
      maxAge: 600,
    };
  });
  await app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } } });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, openApiOptions(deps));

  registerHealthRoutes(app, deps.db, deps.readinessChecks);
  await app.register(registerOpenApi);
  await app.register(registerRoutes, { prefix: '/v1', deps: apiDeps });
  if (deps.statusSampler) await app.register(statusSamplerPlugin, { ...deps.statusSampler, db: deps.db });
  return app;
}

function openApiOptions(deps: AppDeps): SwaggerOptions {
  return {
    // Shared schemas keep their $id as the component name (`#/components/schemas/Problem`).
    transform: ({ schema, url, route }) => {
      if (!schema || (schema as { hide?: boolean }).hide) return { schema, url };
      const method = String(Array.isArray(route.method) ? route.method[0] : route.method);
      const documented = withCommonResponses(
        { ...schema, operationId: operationId(method, url) },
        method,
        url,
      );
      return { schema: documented as typeof schema, url };
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'BuildMyMCPServer API',
        version: '1.0.0',
        description:
          'Control plane: accounts, orgs, members, API keys, servers, versions, secrets, builds, audit, usage.',
      },
      servers: [{ url: deps.config.API_URL }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http' as const, scheme: 'bearer', description: 'An org API key: bmm_live_…' },
          session: { type: 'apiKey' as const, in: 'cookie' as const, name: 'bmm_session' },
        },
      },
      security: [{ apiKey: [] as string[] }, { session: [] as string[] }] as Record<string, string[]>[],
    },
  };
}

/** `DELETE /v1/servers/:id/secrets/:name` → `deleteServersSecretsByName`: stable names for client generators. */
export function operationId(method: string, url: string): string {
  const segments = url
    .replace(/^\/v1\//, '')
    .split('/')
    .filter(Boolean);
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const words = segments.filter((seg) => !seg.startsWith(':')).flatMap((seg) => seg.split(/[-.]/));
  const last = segments.at(-1) ?? '';
  const by = last.startsWith(':') ? `By${cap(last.slice(1))}` : '';
  return `${method.toLowerCase()}${words.map(cap).join('')}${by}`;
}
