import { badRequest } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../../deps.js';
import { diagnose } from '../../diagnose/doctor.js';
import { createOutboundFetch, refusalReason } from '../../lib/outbound.js';
import { authenticate } from '../../plugins/auth.js';
import { diagnoseSchema } from './diagnose.schemas.js';

/** Timeouts for the doctor: a remote server that hangs must not hold a request for long. */
const DOCTOR_TIMEOUT_MS = 5_000;
const DOCTOR_MAX_BYTES = 256 * 1024;

/** `POST /v1/diagnose`: the auth doctor. Runs a client's discovery against a URL; stores nothing. */
const diagnoseRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { config } = deps;
  const outbound = {
    allowPrivateNetwork: config.allowPrivateNetwork ?? false,
    trustedOrigins: [config.RUNNER_URL],
    timeoutMs: DOCTOR_TIMEOUT_MS,
    maxBytes: DOCTOR_MAX_BYTES,
  };
  const fetchFn = createOutboundFetch(outbound);

  app.post(
    '/diagnose',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: diagnoseSchema },
    async (request) => {
      const body = request.body;
      let url: URL;
      try {
        url = new URL(body.url);
      } catch {
        throw badRequest('invalid_url', 'url is not a valid URL.', [{ field: 'url', message: 'not a URL' }]);
      }
      if (url.hash)
        throw badRequest('invalid_url', 'An MCP server URL has no fragment.', [
          { field: 'url', message: 'has a fragment' },
        ]);
      const refused = refusalReason(url, outbound);
      if (refused)
        throw badRequest('url_refused', `This URL cannot be checked: ${refused}.`, [
          { field: 'url', message: refused },
        ]);
      return diagnose(body.url, { fetch: fetchFn, probeRegistration: body.probeRegistration === true });
    },
  );
};

export default diagnoseRoutes;
