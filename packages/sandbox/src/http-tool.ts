import { type HttpImpl, renderString, renderValue, type TemplateContext } from '@bmm/spec';
import { bodyToResult } from './content.js';
import { errorResult, redactSecrets, ToolError, truncate } from './errors.js';
import { DEFAULT_RESPONSE_BYTES, MAX_RESPONSE_BYTES, resolveLimits } from './limits.js';
import { readBodyCapped, safeFetch } from './network.js';
import type { ToolResult, ToolRunOptions } from './types.js';

const WITHOUT_BODY = new Set(['GET', 'DELETE']);

/** The host of an http tool's URL template when it is literal (no placeholder before the path). */
export function templateHost(urlTemplate: string): string | undefined {
  const m = urlTemplate.match(/^https?:\/\/([^/?#{}]+)(?:[/?#]|$)/i);
  return m ? m[1]!.toLowerCase() : undefined;
}

function renderRequest(impl: HttpImpl, context: TemplateContext): { url: string; init: RequestInit } {
  const url = new URL(renderString(impl.url, context, encodeURIComponent));
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
  try {
    const { url, init } = renderRequest(impl, { input, secrets: options.secrets });
    const response = await safeFetch(
      url,
      { ...init, signal },
      { allowedHosts, allowPrivateNetwork: options.allowPrivateNetwork ?? false, fetch: options.fetch },
    );
    const body = await readBodyCapped(response, maxBytes);
    if (!response.ok) {
      const excerpt = truncate(body.toString('utf8').replace(/\s+/g, ' ').trim(), 300);
      return errorResult(
        `Upstream responded ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`,
        options.secrets,
      );
    }
    return bodyToResult(
      body,
      response.headers.get('content-type') ?? '',
      impl.response?.pick,
      redactSecrets(url, options.secrets),
    );
  } catch (err) {
    if (timeout.aborted) return errorResult(`Tool timed out after ${limits.timeoutMs} ms`, options.secrets);
    if (options.signal?.aborted) return errorResult('Tool call was cancelled', options.secrets);
    if (err instanceof ToolError) return errorResult(err.message, options.secrets);
    if (err instanceof TypeError && /url/i.test(err.message))
      return errorResult('The rendered URL is invalid', options.secrets);
    return errorResult('The upstream request failed', options.secrets);
  }
}
