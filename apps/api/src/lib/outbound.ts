import { isIP } from 'node:net';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from '@bmm/http/outbound';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * The api's fetch for requests made on a person's behalf to URLs they typed (connectors, the auth
 * doctor): public addresses only, checked after DNS resolution at connect time (no rebinding
 * window), except the platform's own runner and whatever the operator allows; no redirects
 * followed; a deadline and a response-size cap on every request.
 */
export interface OutboundOptions {
  /** Operator switch (ALLOW_PRIVATE_NETWORK): reach loopback/private addresses too. */
  allowPrivateNetwork: boolean;
  /** Origins always reachable, e.g. the platform's own RUNNER_URL (which may be private). */
  trustedOrigins: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
}

export type OutboundFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export const OUTBOUND_TIMEOUT_MS = 10_000;
export const OUTBOUND_MAX_BYTES = 1024 * 1024;

/** Thrown (as the fetch rejection) for a URL the guard refuses; `message` is safe to show. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
  readonly code = 'outbound_refused';
}

const publicAgent = new Agent({ connect: { lookup: publicOnlyLookup as never }, connections: 16 });
const anyAgent = new Agent({ connections: 16 });

/** Why a URL is refused before any connection is made, or null when it may be tried. */
export function refusalReason(url: URL, options: OutboundOptions): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} URLs are not allowed`;
  if (url.username || url.password) return 'URLs with credentials in them are not allowed';
  if (isTrusted(url, options)) return null;
  // `localhost.` (fully qualified) is `localhost` too.
  const literal = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!options.allowPrivateNetwork && (literal === 'localhost' || literal.endsWith('.localhost')))
    return `${url.host} is a loopback address`;
  if (!options.allowPrivateNetwork && isIP(literal) && isPrivateAddress(literal))
    return `${url.host} is a private or reserved address`;
  return null;
}

function isTrusted(url: URL, options: OutboundOptions): boolean {
  return options.trustedOrigins.some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
}

function privateCause(err: unknown): PrivateAddressError | undefined {
  let cause: unknown = err;
  for (let i = 0; i < 6 && cause; i++) {
    if (cause instanceof PrivateAddressError) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A body stream that errors once more than `maxBytes` have passed through. */
function capped(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let size = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes)
          controller.error(new OutboundRefusedError(`response is larger than ${maxBytes} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
}

export function createOutboundFetch(options: OutboundOptions): OutboundFetch {
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? OUTBOUND_MAX_BYTES;
  return async (input, init = {}) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const refused = refusalReason(url, options);
    if (refused) throw new OutboundRefusedError(`Refused ${url.origin}: ${refused}.`);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const dispatcher = options.allowPrivateNetwork || isTrusted(url, options) ? anyAgent : publicAgent;
    let response: Response;
    try {
      const method = init.method ?? request?.method ?? 'GET';
      const body =
        init.body ?? (request && method !== 'GET' && method !== 'HEAD' ? await request.text() : undefined);
      response = (await undiciFetch(url.href, {
        method,
        headers: (init.headers ?? request?.headers) as never,
        body: body as never,
        redirect: 'manual',
        signal,
        dispatcher,
      })) as unknown as Response;
    } catch (err) {
      const denied = privateCause(err);
      if (denied) throw new OutboundRefusedError(`Refused ${url.origin}: ${denied.message}.`);
      if (deadline.aborted)
        throw new OutboundRefusedError(`${url.origin} did not answer within ${timeoutMs / 1000} s.`);
      throw err;
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new OutboundRefusedError(`${url.origin} answered more than ${maxBytes} bytes.`);
    }
    if (!response.body) return response;
    // A 3xx/1xx/204/304 body-less Response cannot be rebuilt with a body.
    const nullBody = [101, 204, 205, 304].includes(response.status);
    return new Response(nullBody ? null : capped(response.body, maxBytes), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
