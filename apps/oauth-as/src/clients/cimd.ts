import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from '@bmm/http/outbound';
import { InvalidClient } from '@bmm/oauth';

export const CIMD_MAX_BYTES = 5 * 1024;
export const CIMD_TIMEOUT_MS = 5_000;
export const CIMD_MAX_CACHE_SECONDS = 24 * 60 * 60;
const CIMD_DEFAULT_CACHE_SECONDS = 60 * 60;

/** Whether a client_id is a Client ID Metadata Document URL (https, or http when private networks are allowed). */
export function isMetadataDocumentUrl(clientId: string, allowPrivate: boolean): boolean {
  return clientId.startsWith('https://') || (allowPrivate && clientId.startsWith('http://'));
}

/** Cache lifetime from Cache-Control: max-age capped at 24 h; no-store/no-cache → 0; absent → 1 h. */
export function cacheSeconds(cacheControl: string | undefined): number {
  if (!cacheControl) return CIMD_DEFAULT_CACHE_SECONDS;
  const cc = cacheControl.toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(cc)) return 0;
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(cc);
  if (!maxAge?.[1]) return CIMD_DEFAULT_CACHE_SECONDS;
  return Math.min(Number(maxAge[1]), CIMD_MAX_CACHE_SECONDS);
}

function checkDocumentUrl(clientId: string, allowPrivate: boolean): URL {
  let u: URL;
  try {
    u = new URL(clientId);
  } catch {
    throw new InvalidClient('client_id is not a valid URL.');
  }
  if (u.protocol !== 'https:' && !(allowPrivate && u.protocol === 'http:'))
    throw new InvalidClient('A URL client_id must use https.');
  if (u.hash || clientId.includes('#') || u.username || u.password)
    throw new InvalidClient('A URL client_id must not carry a fragment or credentials.');
  if (u.pathname === '/' || u.pathname === '') throw new InvalidClient('A URL client_id must have a path.');
  if (/\/\.\.?(\/|$)/.test(u.pathname))
    throw new InvalidClient('A URL client_id must not contain dot segments.');
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && net.isIP(literal) && isPrivateAddress(literal))
    throw new InvalidClient('The client metadata document must live on a public address.');
  return u;
}

/**
 * Fetches a Client ID Metadata Document, SSRF-safe: public addresses only (checked at connect
 * time), no redirects, at most 5 s and 5 KB. Returns the parsed JSON and how long it may be cached.
 * Over 60 lines: each guard is one step of the one request, kept in order in one place.
 */
export async function fetchMetadataDocument(
  clientId: string,
  allowPrivate: boolean,
  { timeoutMs = CIMD_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<{ document: unknown; maxAgeSeconds: number }> {
  const url = checkDocumentUrl(clientId, allowPrivate);
  const client = url.protocol === 'https:' ? https : http;
  return await new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new InvalidClient(`Client metadata document ${message}.`));
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'bmm-oauth-as' },
        lookup: allowPrivate ? undefined : (publicOnlyLookup as never),
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return fail(`answered HTTP ${res.statusCode} (expected 200; redirects are not followed)`);
        }
        if (Number(res.headers['content-length'] ?? 0) > CIMD_MAX_BYTES) {
          req.destroy();
          return fail(`is larger than ${CIMD_MAX_BYTES} bytes`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > CIMD_MAX_BYTES) {
            req.destroy();
            fail(`is larger than ${CIMD_MAX_BYTES} bytes`);
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (size > CIMD_MAX_BYTES) return;
          try {
            resolve({
              document: JSON.parse(Buffer.concat(chunks).toString('utf8')),
              maxAgeSeconds: cacheSeconds(res.headers['cache-control']),
            });
          } catch {
            fail('is not valid JSON');
          }
        });
        res.on('error', () => fail('could not be read'));
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      fail(`did not arrive within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => {
      req.destroy();
      fail(`did not arrive within ${timeoutMs / 1000} s`);
    });
    req.on('error', (err) => {
      if (err instanceof PrivateAddressError) fail('must live on a public address');
      else fail(`could not be fetched (${(err as NodeJS.ErrnoException).code ?? 'network error'})`);
    });
    req.end();
  });
}
