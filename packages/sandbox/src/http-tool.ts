import {
  collectStrings,
  type HttpImpl,
  renderString,
  renderValue,
  type TemplateContext,
  templateRefs,
} from '@bmm/spec';
import { bodyToResult } from './content.js';
import { errorResult, redactSecrets, ToolError, truncate } from './errors.js';
import { DEFAULT_RESPONSE_BYTES, MAX_RESPONSE_BYTES, resolveLimits } from './limits.js';
import { readBodyCapped, safeFetch } from './network.js';
import type { ToolResult, ToolRunOptions, UpstreamCredential } from './types.js';
import { renderUrlTemplate } from './url-template.js';

const WITHOUT_BODY = new Set(['GET', 'DELETE']);

/** The host of an http tool's URL template when it is literal (no placeholder before the path). */
export function templateHost(urlTemplate: string): string | undefined {
  const m = urlTemplate.match(/^https?:\/\/([^/?#{}]+)(?:[/?#]|$)/i);
  return m ? m[1]!.toLowerCase() : undefined;
}

function renderRequest(impl: HttpImpl, context: TemplateContext): { url: string; init: RequestInit } {
  const url = new URL(renderUrlTemplate(impl.url, context));
  if (impl.query) {
    for (const [key, template] of Object.entries(impl.query)) {
      const value = renderValue(template, context);
      if (value === undefined || value === null || value === '') continue;
      url.searchParams.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
  }
  const headers = new Headers({ accept: 'application/json, text/*;q=0.9, */*;q=0.8' });
  for (const [name, template] of Object.entries(impl.headers ?? {})) {
    const value = renderString(template, context);
    if (value !== '') headers.set(name, value);
  }
  let body: string | undefined;
  if (impl.body !== undefined && !WITHOUT_BODY.has(impl.method)) {
    const rendered = renderValue(impl.body, context);
    if (typeof rendered === 'string' && headers.has('content-type')) body = rendered;
    else {
      body = JSON.stringify(rendered ?? null);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  return { url: url.href, init: { method: impl.method, headers, body } };
}

/** The upstreams whose tokens an http tool's templates use (`{{upstream.<id>.…}}`). */
export function templateUpstreams(impl: HttpImpl): string[] {
  const ids = new Set<string>();
  for (const s of collectStrings([impl.url, impl.headers ?? null, impl.query ?? null, impl.body ?? null]))
    for (const ref of templateRefs(s)) if (ref.source === 'upstream') ids.add(ref.path.split('.')[0]!);
  return [...ids];
}

function upstreamContext(credentials: Map<string, UpstreamCredential>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, c] of credentials) out[id] = { accessToken: c.accessToken, tokenType: c.tokenType };
  return out;
}

function withTokens(secrets: Record<string, string>, credentials: Map<string, UpstreamCredential>) {
  const out = { ...secrets };
  for (const [id, c] of credentials) out[`\0upstream:${id}`] = c.accessToken;
  return out;
}

export async function executeHttpTool(
  impl: HttpImpl,
  input: Record<string, unknown>,
  options: ToolRunOptions,
): Promise<ToolResult> {
  const limits = resolveLimits(options.limits);
  const maxBytes = Math.min(impl.response?.maxBytes ?? DEFAULT_RESPONSE_BYTES, MAX_RESPONSE_BYTES);
  const allowedHosts = [...options.allowedHosts];
  const ownHost = templateHost(impl.url);
  if (ownHost) allowedHosts.push(ownHost);
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const credentials = new Map<string, UpstreamCredential>();
  let redact = options.secrets;
  try {
    const upstreamIds = templateUpstreams(impl);
    for (const id of upstreamIds) {
      if (!options.upstream)
        throw new ToolError(`This tool signs in to "${id}", which is not available here`);
      credentials.set(id, await options.upstream.get(id));
    }
    redact = withTokens(options.secrets, credentials);
    const send = async () => {
      const { url, init } = renderRequest(impl, {
        input,
        secrets: options.secrets,
        upstream: upstreamContext(credentials),
      });
      const response = await safeFetch(
        url,
        { ...init, signal },
        { allowedHosts, allowPrivateNetwork: options.allowPrivateNetwork ?? false, fetch: options.fetch },
      );
      return { url, response };
    };
    let { url, response } = await send();
    // The upstream refused the user's token before its expiry (revoked, rotated elsewhere): renew once.
    if (response.status === 401 && upstreamIds.length > 0 && options.upstream?.renew) {
      let renewed = false;
      for (const id of upstreamIds) {
        const fresh = await options.upstream.renew(id, credentials.get(id)!.accessToken);
        if (fresh) {
          credentials.set(id, fresh);
          renewed = true;
        }
      }
      if (renewed) {
        await response.body?.cancel().catch(() => {});
        redact = withTokens(options.secrets, credentials);
        ({ url, response } = await send());
      }
    }
    const body = await readBodyCapped(response, maxBytes);
    if (!response.ok) {
      const excerpt = truncate(body.toString('utf8').replace(/\s+/g, ' ').trim(), 300);
      return errorResult(
        `Upstream responded ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`,
        redact,
      );
    }
    return bodyToResult(
      body,
      response.headers.get('content-type') ?? '',
      impl.response?.pick,
      redactSecrets(url, redact),
    );
  } catch (err) {
    if (timeout.aborted) return errorResult(`Tool timed out after ${limits.timeoutMs} ms`, redact);
    if (options.signal?.aborted) return errorResult('Tool call was cancelled', redact);
    if (err instanceof ToolError) return errorResult(err.message, redact);
    if (err instanceof TypeError && /url/i.test(err.message))
      return errorResult('The rendered URL is invalid', redact);
    if (err instanceof Error && err.name === 'UpstreamUnavailable') return errorResult(err.message, redact);
    return errorResult('The upstream request failed', redact);
  }
}
