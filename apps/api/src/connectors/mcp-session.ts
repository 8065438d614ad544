import type { Keyring } from '@bmm/crypto';
import type { ConnectorRow, Db } from '@bmm/db';
import {
  Client,
  SdkHttpError,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import type { OutboundFetch } from '../lib/outbound.js';
import { findConnectorOfUser } from './connectors.repository.js';
import {
  ConnectorOAuthProvider,
  connectorAad,
  openOAuthData,
  type ProviderSettings,
} from './oauth-provider.js';

export interface ConnectorRuntime {
  db: Db;
  keyring: Keyring;
  fetch: OutboundFetch;
  oauth: Omit<ProviderSettings, 'state'>;
}

/** One HTTP exchange with the remote MCP server, as the playground shows it; never a token. */
export interface RecordedExchange {
  method: string;
  url: string;
  status: number | null;
  requestHeaders: Record<string, string>;
  request: unknown;
  responseHeaders: Record<string, string>;
  response: unknown;
}

const SHOWN_REQUEST_HEADERS = new Set([
  'content-type',
  'accept',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
  'mcp-session-id',
]);
const SHOWN_RESPONSE_HEADERS = ['content-type', 'mcp-protocol-version', 'mcp-session-id', 'www-authenticate'];
const MAX_RECORDED = 64 * 1024;

function recordHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (SHOWN_REQUEST_HEADERS.has(name)) out[name] = value;
    else if (name === 'authorization') out[name] = `${value.split(' ')[0]} [redacted]`;
    else if (name !== 'user-agent' && name !== 'accept-encoding') out[name] = '[redacted]';
  }
  return out;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  const capped = text.length > MAX_RECORDED ? `${text.slice(0, MAX_RECORDED)}…` : text;
  try {
    return JSON.parse(capped);
  } catch {
    // Server-sent events: the JSON-RPC messages are the `data:` lines.
    const events = [...capped.matchAll(/^data: ?(.*)$/gm)].map((m) => {
      try {
        return JSON.parse(m[1]!);
      } catch {
        return m[1];
      }
    });
    return events.length ? events : capped;
  }
}

/** The guarded fetch, recording the exchanges with the MCP endpoint itself (not the OAuth ones). */
function recordingFetch(base: OutboundFetch, endpoint: string, log: RecordedExchange[]): OutboundFetch {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await base(input, init);
    if (url.split('#')[0] !== endpoint) return response;
    const method = (init.method ?? 'GET').toUpperCase();
    const entry: RecordedExchange = {
      method,
      url,
      status: response.status,
      requestHeaders: recordHeaders(new Headers(init.headers)),
      request: typeof init.body === 'string' ? parseBody(init.body) : null,
      responseHeaders: Object.fromEntries(
        SHOWN_RESPONSE_HEADERS.flatMap((n) =>
          response.headers.get(n) ? [[n, response.headers.get(n)!]] : [],
        ),
      ),
      response: null,
    };
    log.push(entry);
    if (method !== 'POST') return response;
    const text = await response.text();
    entry.response = parseBody(text);
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError';
}

function headersOf(rt: ConnectorRuntime, row: ConnectorRow): Record<string, string> {
  if (row.auth_type !== 'headers' || !row.headers_ciphertext) return {};
  return JSON.parse(rt.keyring.decryptString(row.headers_ciphertext, connectorAad(row.id, 'headers')));
}

/**
 * Connects to the connector's server with the v2 client (version negotiation `auto`), runs `op`,
 * and closes. OAuth connectors use the stored tokens (refreshed by the SDK on a 401); when only a
 * new sign-in would help, SignInRequiredError.
 */
export async function withConnectorClient<T>(
  rt: ConnectorRuntime,
  row: ConnectorRow,
  op: (client: Client) => Promise<T>,
): Promise<{ value: T; exchanges: RecordedExchange[]; durationMs: number }> {
  if (row.auth_type !== 'oauth') return session(rt, row, undefined, op);
  // A refresh token often works once (rotation): two sessions refreshing the same tokens would
  // leave the loser with a spent one, and the SDK then forgets every token. So OAuth sessions of
  // one connector take turns, each starting from the tokens as stored now (not as the caller's
  // row had them: a chat keeps its row for minutes, another call may have refreshed since).
  return oneAtATime(row.id, async () => {
    const current = (await findConnectorOfUser(rt.db, row.user_id, row.id)) ?? row;
    const data = openOAuthData(rt.keyring, row.id, current.oauth_ciphertext);
    return session(rt, row, new ConnectorOAuthProvider(rt.db, rt.keyring, row.id, data, rt.oauth), op);
  });
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier `fn` queued under `key` in this process has settled. */
async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  const settled = run.then(
    () => {},
    () => {},
  );
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

async function session<T>(
  rt: ConnectorRuntime,
  row: ConnectorRow,
  provider: ConnectorOAuthProvider | undefined,
  op: (client: Client) => Promise<T>,
): Promise<{ value: T; exchanges: RecordedExchange[]; durationMs: number }> {
  const exchanges: RecordedExchange[] = [];
  if (provider && !provider.hasTokens) throw new SignInRequiredError('Sign in to this connector first.');
  const transport = new StreamableHTTPClientTransport(new URL(row.url), {
    fetch: recordingFetch(rt.fetch, row.url, exchanges),
    ...(provider ? { authProvider: provider } : {}),
    requestInit: { headers: headersOf(rt, row) },
  });
  const client = new Client(
    { name: 'BuildMyMCPServer', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  const started = performance.now();
  try {
    await client.connect(transport);
    const value = await op(client);
    return { value, exchanges, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    if (provider?.authorizationUrl || err instanceof UnauthorizedError)
      throw new SignInRequiredError('The remote server needs a new sign-in.');
    if (!provider && err instanceof SdkHttpError && err.status === 401)
      throw new Error(
        `it asks for authorization (HTTP 401)${row.auth_type === 'headers' ? ' and does not accept these headers' : ''}. If it signs in with OAuth, add it as an OAuth connector.`,
      );
    throw err;
  } finally {
    await client.close().catch(() => {});
  }
}
