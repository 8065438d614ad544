import { badRequest, HttpProblem } from '@bmm/http';
import { MAX_OPENAPI_BYTES, PlannerError, parseOpenApi } from '@bmm/planner';
import {
  createOutboundFetch,
  type OutboundFetch,
  type OutboundOptions,
  OutboundRefusedError,
  refusalReason,
} from '../lib/outbound.js';

/** How long the wizard's "fetch it from a URL" waits for the document. */
const OPENAPI_FETCH_TIMEOUT_MS = 10_000;

export interface FetchedOpenApi {
  document: string;
  title: string;
  version: string;
  operations: number;
}

const urlError = (code: string, detail: string) =>
  badRequest(code, detail, [{ field: 'url', message: detail }]);

/**
 * The wizard's "fetch it from a URL": reads an OpenAPI document server-side under the outbound
 * guard (no private networks unless allowed, no redirects, size- and time-capped) and says what it
 * holds. Every failure is a 400 or 422 naming the `url` field.
 */
export function openApiUrlFetcher(allowPrivateNetwork: boolean): (raw: string) => Promise<FetchedOpenApi> {
  const outbound: OutboundOptions = {
    allowPrivateNetwork,
    trustedOrigins: [],
    timeoutMs: OPENAPI_FETCH_TIMEOUT_MS,
    maxBytes: MAX_OPENAPI_BYTES,
  };
  const fetchFn = createOutboundFetch(outbound);
  return async (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw urlError('invalid_url', 'That is not a valid URL.');
    }
    const refused = refusalReason(url, outbound);
    if (refused) throw urlError('url_refused', `This URL cannot be fetched: ${refused}.`);
    return describeOpenApi(await download(fetchFn, url));
  };
}

async function download(fetchFn: OutboundFetch, url: URL): Promise<string> {
  try {
    const response = await fetchFn(url, {
      headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      throw urlError(
        'openapi_fetch_failed',
        `${url.origin} answered with a redirect (${response.status}); redirects are not followed, so give the final URL.`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw urlError(
        'openapi_fetch_failed',
        `${url.origin} answered HTTP ${response.status}, not the document.`,
      );
    }
    return await response.text();
  } catch (err) {
    if (err instanceof HttpProblem) throw err;
    if (err instanceof OutboundRefusedError && /larger than/.test(err.message))
      throw urlError(
        'openapi_too_large',
        `The document at ${url.origin} is larger than ${MAX_OPENAPI_BYTES / 1024 / 1024} MB, the most the wizard reads.`,
      );
    if (err instanceof OutboundRefusedError) throw urlError('url_refused', err.message);
    throw urlError('openapi_fetch_failed', `Could not fetch ${url.origin}: the connection failed.`);
  }
}

async function describeOpenApi(text: string): Promise<FetchedOpenApi> {
  try {
    const parsed = await parseOpenApi(text);
    const paths = (parsed.doc.paths ?? {}) as Record<string, Record<string, unknown> | null>;
    const operations = Object.values(paths).reduce(
      (n, item) =>
        n +
        (item && typeof item === 'object'
          ? ['get', 'post', 'put', 'patch', 'delete'].filter((m) => item[m]).length
          : 0),
      0,
    );
    return {
      document: text,
      title: String(parsed.doc.info?.title ?? 'Untitled API'),
      version: parsed.version,
      operations,
    };
  } catch (err) {
    const detail = err instanceof PlannerError ? err.message : 'The document could not be read as OpenAPI.';
    throw new HttpProblem(422, 'invalid_openapi', detail, { fields: [{ field: 'url', message: detail }] });
  }
}
