import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv6');

export class OutboundError extends Error {
  override name = 'OutboundError';
}

export interface OutboundPolicy {
  /** Hosts (hostname or hostname:port) a request may go to. */
  allowedHosts: Set<string>;
  allowPrivateNetwork: boolean;
}

function isPrivate(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4');
  return privateRanges.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** `api.example.com` (any port), `api.example.com:8443`, or `*.example.com` (any subdomain). */
export function hostAllowed(url: URL, allowedHosts: Set<string>): boolean {
  if (allowedHosts.has(url.host) || allowedHosts.has(url.hostname)) return true;
  for (const entry of allowedHosts) {
    if (!entry.startsWith('*.')) continue;
    const [suffix, port] = entry.slice(1).split(':');
    if (url.hostname.endsWith(suffix!) && (port === undefined || port === url.port)) return true;
  }
  return false;
}

/** Refuses hosts the spec does not declare and, unless allowed, private/loopback/link-local addresses. */
export async function checkOutbound(url: URL, policy: OutboundPolicy): Promise<void> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundError(`${url.protocol} URLs are not allowed`);
  if (!hostAllowed(url, policy.allowedHosts))
    throw new OutboundError(`host ${url.host} is not in the server's allowed hosts`);
  if (policy.allowPrivateNetwork) return;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(hostname) ? [{ address: hostname }] : await lookup(hostname, { all: true });
  if (addresses.some((a) => isPrivate(a.address)))
    throw new OutboundError(
      `host ${url.host} resolves to a private address (set ALLOW_PRIVATE_NETWORK=true to allow)`,
    );
}

/** Reads at most `maxBytes` of a response body. */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new OutboundError(`the response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
