import { type CheckDefinition, initializeBody, LEGACY_VERSION, mcpHeaders, outcome } from '../context.js';
import { type Exchange, parseChallenge, probe } from '../probe.js';

export const challenge: CheckDefinition = {
  id: 'challenge',
  title: 'An unauthenticated request gets a 401 challenge naming the resource metadata',
  clause: 'RFC 9728 §5.1',
  async run(ctx) {
    const r = await probe(ctx.fetch, 'POST', ctx.target, {
      headers: mcpHeaders(LEGACY_VERSION, 'initialize'),
      body: initializeBody(),
    });
    const status = r.exchange.status;
    if (status === null)
      return outcome('fail', `The server could not be reached: ${r.exchange.error}.`, [r.exchange]);
    if (status >= 200 && status < 300) {
      ctx.state.open = true;
      return outcome(
        'pass',
        'The server answered without a token: it does not use authorization, so the OAuth checks below are skipped.',
        [r.exchange],
        'MCP Authorization §1.1 (authorization is optional)',
      );
    }
    if (status !== 401) {
      return outcome(
        'fail',
        `Expected 401 with a WWW-Authenticate challenge, got HTTP ${status}. Clients only start OAuth on a 401.`,
        [r.exchange],
        'RFC 9728 §5.1; MCP Authorization §Authorization Server Discovery',
      );
    }
    const parsed = parseChallenge(r.exchange.headers['www-authenticate'] ?? null);
    ctx.state.challenge = { status, params: parsed?.params ?? {} };
    if (!parsed || !/^(bearer|dpop)$/i.test(parsed.scheme)) {
      return outcome(
        'fail',
        'The 401 has no Bearer WWW-Authenticate challenge.',
        [r.exchange],
        'RFC 6750 §3',
      );
    }
    const metadataUrl = parsed.params.resource_metadata;
    if (!metadataUrl) {
      return outcome(
        'warn',
        'The challenge has no resource_metadata parameter; clients fall back to the well-known URL, which only works when the metadata lives there.',
        [r.exchange],
      );
    }
    try {
      ctx.state.resourceMetadataUrl = new URL(metadataUrl, ctx.target).href;
    } catch {
      return outcome('fail', `resource_metadata is not a URL: ${metadataUrl}`, [r.exchange]);
    }
    if (parsed.params.error)
      return outcome(
        'warn',
        `401 with resource_metadata="${metadataUrl}", but also error="${parsed.params.error}" although the request carried no token: that tells a client its token was rejected when it sent none, and RFC 6750 asks for no error code here.`,
        [r.exchange],
        'RFC 6750 §3.1',
      );
    return outcome('pass', `401 with resource_metadata="${metadataUrl}".`, [r.exchange]);
  },
};

/** RFC 9728 §3.1: the well-known URI with the resource's path inserted, then (MCP) at the root. */
export function wellKnownResourceMetadataUrls(target: URL): string[] {
  const path = target.pathname === '/' ? '' : target.pathname.replace(/\/$/, '');
  const urls = [`${target.origin}/.well-known/oauth-protected-resource${path}`];
  if (path) urls.push(`${target.origin}/.well-known/oauth-protected-resource`);
  return urls;
}

export const resourceMetadata: CheckDefinition = {
  id: 'resource_metadata',
  title: 'The protected resource metadata can be fetched',
  clause: 'RFC 9728 §3.1',
  async run(ctx) {
    if (ctx.state.open) return outcome('skip', 'The server does not use authorization.');
    const candidates = ctx.state.resourceMetadataUrl
      ? [ctx.state.resourceMetadataUrl]
      : wellKnownResourceMetadataUrls(ctx.url);
    const evidence: Exchange[] = [];
    for (const url of candidates) {
      const r = await probe(ctx.fetch, 'GET', url, { headers: { accept: 'application/json' } });
      evidence.push(r.exchange);
      if (r.exchange.status === 200 && r.json && typeof r.json === 'object' && !Array.isArray(r.json)) {
        ctx.state.resourceMetadataUrl = url;
        ctx.state.resourceMetadata = r.json as Record<string, unknown>;
        return outcome('pass', `Metadata found at ${url}.`, evidence);
      }
    }
    return outcome(
      'fail',
      'No protected resource metadata: the metadata URL must answer 200 with a JSON object.',
      evidence,
      ctx.state.challenge?.params.resource_metadata ? 'RFC 9728 §3.2' : 'RFC 9728 §3.1',
    );
  },
};

export const resourceIdentifier: CheckDefinition = {
  id: 'resource_identifier',
  title: 'The metadata’s resource is exactly the server URL',
  clause: 'RFC 9728 §3.3',
  async run(ctx) {
    const metadata = ctx.state.resourceMetadata;
    if (!metadata) return outcome('skip', 'No resource metadata to check.');
    const resource = metadata.resource;
    const shown = [{ request: 'resource metadata', status: null, headers: {}, fields: { resource } }];
    if (typeof resource !== 'string') return outcome('fail', 'The metadata has no resource string.', shown);
    if (resource === ctx.target) return outcome('pass', `resource = ${resource}`, shown);
    const strip = (s: string) => s.replace(/\/+$/, '');
    if (strip(resource) === strip(ctx.target)) {
      return outcome(
        'fail',
        `resource is ${resource} but the server URL is ${ctx.target}: they differ only by a trailing slash, and clients compare them as strings.`,
        shown,
      );
    }
    let prefix = false;
    try {
      const r = new URL(resource);
      prefix = r.origin === ctx.url.origin && ctx.url.pathname.startsWith(r.pathname.replace(/\/?$/, '/'));
    } catch {
      return outcome('fail', `resource is not a URL: ${resource}`, shown);
    }
    if (prefix)
      return outcome(
        'warn',
        `resource ${resource} covers ${ctx.target} (a path prefix): the MCP SDKs accept it, but RFC 9728 asks for the identical URL and stricter clients refuse it.`,
        shown,
      );
    return outcome(
      'fail',
      `resource is ${resource}, not ${ctx.target}: clients must refuse metadata for another resource.`,
      shown,
    );
  },
};

export const resourceMetadataCors: CheckDefinition = {
  id: 'resource_metadata_cors',
  title: 'Browser-based clients may read the metadata (CORS)',
  clause: 'RFC 9728 §3; Fetch Standard §3.2 (CORS protocol)',
  async run(ctx) {
    const url = ctx.state.resourceMetadataUrl;
    if (!url || !ctx.state.resourceMetadata) return outcome('skip', 'No resource metadata to check.');
    const origin = 'https://client.example';
    const r = await probe(ctx.fetch, 'GET', url, { headers: { accept: 'application/json', origin } });
    const allowed = r.exchange.headers['access-control-allow-origin'];
    if (allowed === '*' || allowed === origin)
      return outcome('pass', `Access-Control-Allow-Origin: ${allowed}`, [r.exchange]);
    return outcome(
      'warn',
      'No Access-Control-Allow-Origin for another origin: desktop and server clients work, browser-based clients (web inspectors, web apps) cannot read the metadata.',
      [r.exchange],
    );
  },
};

export const rejectedToken: CheckDefinition = {
  id: 'rejected_token',
  title: 'A token the server does not accept gets 401 invalid_token, so clients refresh or sign in again',
  clause: 'RFC 6750 §3.1 (invalid_token); MCP Authorization §Error Handling',
  async run(ctx) {
    if (ctx.state.open) return outcome('skip', 'The server does not use authorization.');
    const r = await probe(ctx.fetch, 'POST', ctx.target, {
      headers: {
        ...mcpHeaders(LEGACY_VERSION, 'initialize'),
        authorization: 'Bearer bmm-doctor-not-a-real-token',
      },
      body: initializeBody(),
    });
    const status = r.exchange.status;
    if (status === null)
      return outcome('fail', `The server could not be reached: ${r.exchange.error}.`, [r.exchange]);
    if (status === 401) {
      const error = parseChallenge(r.exchange.headers['www-authenticate'] ?? null)?.params.error;
      if (error === 'invalid_token')
        return outcome('pass', 'A made-up token gets 401 with error="invalid_token".', [r.exchange]);
      return outcome(
        'warn',
        `A made-up token gets 401 ${error ? `with error="${error}"` : 'without an error code'}: clients still refresh on a 401, but RFC 6750 names a rejected token error="invalid_token".`,
        [r.exchange],
      );
    }
    if (status === 403)
      return outcome(
        'fail',
        'A made-up token gets 403: that means "not allowed", so clients never refresh an expired token or sign in again. An invalid or expired token must get 401.',
        [r.exchange],
      );
    return outcome(
      'fail',
      `A made-up token gets HTTP ${status} instead of 401${status < 300 ? ': the server does not check tokens' : ''}.`,
      [r.exchange],
    );
  },
};
