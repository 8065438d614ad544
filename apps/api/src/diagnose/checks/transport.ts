import {
  type CheckDefinition,
  discoverBody,
  initializeBody,
  LEGACY_VERSION,
  MODERN_VERSION,
  mcpHeaders,
  outcome,
} from '../context.js';
import { parseChallenge, probe } from '../probe.js';

export const protocolEras: CheckDefinition = {
  id: 'protocol_eras',
  title:
    'Clients of both protocol eras get the same treatment (2026-07-28 server/discover and 2025 initialize)',
  clause: 'MCP 2026-07-28 Lifecycle §Discovery; MCP 2025-11-25 Lifecycle §Initialization',
  async run(ctx) {
    const modern = await probe(ctx.fetch, 'POST', ctx.target, {
      headers: mcpHeaders(MODERN_VERSION, 'server/discover'),
      body: discoverBody(),
    });
    const legacy = await probe(ctx.fetch, 'POST', ctx.target, {
      headers: mcpHeaders(LEGACY_VERSION, 'initialize'),
      body: initializeBody(),
    });
    const evidence = [modern.exchange, legacy.exchange];
    const m = modern.exchange.status;
    const l = legacy.exchange.status;
    if (!ctx.state.open) {
      if (m === 401 && l === 401)
        return outcome('pass', 'Both eras get the 401 challenge, so both can start OAuth.', evidence);
      if (l === 401)
        return outcome(
          'fail',
          `A 2026-07-28 request (server/discover) gets HTTP ${m ?? 'nothing'} instead of the 401 challenge: new clients never reach sign-in.`,
          evidence,
        );
      return outcome(
        'fail',
        `initialize gets HTTP ${l ?? 'nothing'} instead of the 401 challenge.`,
        evidence,
      );
    }
    const modernOk = m === 200 && !(modern.json as { error?: unknown } | undefined)?.error;
    const legacyOk = l === 200;
    if (modernOk && legacyOk)
      return outcome('pass', 'Answers server/discover (2026-07-28) and initialize (2025).', evidence);
    if (legacyOk)
      return outcome(
        'warn',
        '2025-era only: clients in auto mode fall back to initialize, 2026-only clients fail.',
        evidence,
      );
    if (modernOk) return outcome('warn', '2026-07-28 only: 2025-era clients cannot connect.', evidence);
    return outcome(
      'fail',
      `Neither server/discover (HTTP ${m}) nor initialize (HTTP ${l}) succeeded.`,
      evidence,
    );
  },
};

/** The same URL with the trailing slash toggled. */
export function toggledSlash(target: string): string {
  const u = new URL(target);
  u.pathname = u.pathname.endsWith('/') && u.pathname !== '/' ? u.pathname.slice(0, -1) : `${u.pathname}/`;
  return u.href;
}

export const trailingSlash: CheckDefinition = {
  id: 'trailing_slash',
  title: 'The URL with a toggled trailing slash is not a second, mismatched resource',
  clause: 'RFC 9728 §3.3; RFC 3986 §6.2.4',
  async run(ctx) {
    if (ctx.state.open) return outcome('skip', 'The server does not use authorization.');
    const other = toggledSlash(ctx.target);
    const r = await probe(ctx.fetch, 'POST', other, {
      headers: mcpHeaders(LEGACY_VERSION, 'initialize'),
      body: initializeBody(),
    });
    const status = r.exchange.status;
    if (status === 404 || status === 405 || status === 307 || status === 308)
      return outcome('pass', `${other} answers HTTP ${status}: only one spelling of the URL is served.`, [
        r.exchange,
      ]);
    if (status !== 401) return outcome('pass', `${other} answers HTTP ${status ?? 'nothing'}.`, [r.exchange]);
    const metadataUrl = parseChallenge(r.exchange.headers['www-authenticate'] ?? null)?.params
      .resource_metadata;
    if (!metadataUrl)
      return outcome('pass', `${other} challenges too (without resource_metadata).`, [r.exchange]);
    const m = await probe(ctx.fetch, 'GET', new URL(metadataUrl, other).href, {
      headers: { accept: 'application/json' },
    });
    const resource = (m.json as { resource?: unknown } | undefined)?.resource;
    const evidence = [r.exchange, m.exchange];
    if (resource === other)
      return outcome('pass', `${other} is served as its own resource with matching metadata.`, evidence);
    if (resource === ctx.target)
      return outcome(
        'pass',
        `${other} is the same resource: its challenge points to the metadata of ${ctx.target}, the one canonical identifier.`,
        evidence,
      );
    return outcome(
      'warn',
      `${other} also challenges, but its metadata names ${JSON.stringify(resource ?? null)}: a client given that spelling will refuse the metadata. Redirect (308) or 404 the other spelling.`,
      evidence,
    );
  },
};

export const originValidation: CheckDefinition = {
  id: 'origin_validation',
  title: 'A request from a foreign browser Origin is refused',
  clause: 'MCP Transports §Streamable HTTP, Security Warning (Origin validation)',
  async run(ctx) {
    const r = await probe(ctx.fetch, 'POST', ctx.target, {
      headers: { ...mcpHeaders(LEGACY_VERSION, 'initialize'), origin: 'https://attacker.example' },
      body: initializeBody(),
    });
    const status = r.exchange.status;
    if (status === 403)
      return outcome('pass', 'Origin https://attacker.example is refused with 403.', [r.exchange]);
    if (status === 401)
      return outcome(
        'warn',
        'Could not tell: the server asks for a token before it looks at the Origin. Without a token an attacker gets nothing, but servers must answer 403 to an invalid Origin.',
        [r.exchange],
      );
    return outcome(
      ctx.state.open && status !== null && status < 300 ? 'fail' : 'warn',
      `A request from https://attacker.example got HTTP ${status ?? 'nothing'} (expected 403): a web page could drive this server through a visitor's browser (DNS rebinding).`,
      [r.exchange],
    );
  },
};
