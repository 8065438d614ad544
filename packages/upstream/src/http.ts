import { isIP } from 'node:net';
import { isPrivateAddress, publicOnlyLookup } from '@bmm/http/outbound';
import { Agent, fetch as undiciFetch } from 'undici';

/** How the platform talks to upstream authorization servers. */
export interface UpstreamNetwork {
  /**
   * Let endpoints live on loopback/private addresses, over plain http too (tests, local development).
   * Default false: https only, and every address is checked after DNS resolution.
   */
  allowPrivateNetwork: boolean;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

export class UpstreamNetworkError extends Error {
  override name = 'UpstreamNetworkError';
}

const publicAgent = new Agent({ connect: { lookup: publicOnlyLookup as never }, connections: 16 });
const anyAgent = new Agent({ connections: 16 });
const DEFAULT_TIMEOUT_MS = 10_000;

/** Refuses what the SSRF rules refuse before any socket is opened (the agent re-checks after DNS). */
export function checkEndpoint(url: URL, network: UpstreamNetwork): void {
  if (url.protocol !== 'https:' && !(network.allowPrivateNetwork && url.protocol === 'http:'))
    throw new UpstreamNetworkError(`refused ${url.protocol}//${url.host}: upstream endpoints must use https`);
  if (url.username || url.password) throw new UpstreamNetworkError('refused a URL with credentials in it');
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!network.allowPrivateNetwork && isIP(literal) && isPrivateAddress(literal))
    throw new UpstreamNetworkError(`refused ${url.host}: private or reserved address`);
}

/**
 * The `fetch` every upstream request goes through (oauth4webapi's `customFetch`, account lookups):
 * SSRF rules of `@bmm/http/outbound`, no redirects followed, a timeout, and an optional rewrite of
 * the request (Notion wants JSON bodies).
 */
export function guardedFetch(
  network: UpstreamNetwork,
  rewrite?: (url: URL, init: RequestInit) => RequestInit,
): (url: string, init: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const url = new URL(input);
    checkEndpoint(url, network);
    const timeout = AbortSignal.timeout(network.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const finalInit = rewrite ? rewrite(url, init) : init;
    try {
      return (await undiciFetch(url.href, {
        ...(finalInit as object),
        redirect: 'manual',
        signal,
        dispatcher: network.allowPrivateNetwork ? anyAgent : publicAgent,
      })) as unknown as Response;
    } catch (err) {
      if (timeout.aborted) throw new UpstreamNetworkError(`${url.host} did not answer in time`);
      throw new UpstreamNetworkError(`request to ${url.host} failed`, { cause: err });
    }
  };
}
