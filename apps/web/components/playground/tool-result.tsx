'use client';

import { CodeBlock } from '@/components/client';
import { Pill } from '@/components/ui';
import type { Exchange } from '@/lib/connectors';
import { JsonTree } from './json-tree';

type Block = Record<string, unknown>;

const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i;
const AUDIO_TYPE = /^audio\/[a-z0-9.+-]+$/i;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A link only for http(s) targets; anything else (javascript:, data:) stays text. */
function SafeLink({ href, children }: { href: string; children: React.ReactNode }) {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(href).protocol);
  } catch {
    ok = false;
  }
  return ok ? (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <span>{children}</span>
  );
}

function Binary({ data, mimeType, name }: { data: string; mimeType?: string; name: string }) {
  if (!BASE64.test(data))
    return <p className="small field-error">The server sent data that is not base64.</p>;
  const bytes = Math.floor((data.replace(/\s|=/g, '').length * 3) / 4);
  if (mimeType && IMAGE_TYPE.test(mimeType))
    // biome-ignore lint/performance/noImgElement: a data URL from the tool's answer, not an optimizable asset
    return <img className="result-image" src={`data:${mimeType};base64,${data}`} alt={name} />;
  if (mimeType && AUDIO_TYPE.test(mimeType))
    // biome-ignore lint/a11y/useMediaCaption: a tool's audio answer has no captions to offer
    return <audio controls src={`data:${mimeType};base64,${data}`} />;
  return (
    <p className="small">
      {mimeType ?? 'binary'}, {bytes.toLocaleString('en')} bytes ·{' '}
      {/* Downloaded as octet-stream: the browser never renders what the server sent. */}
      <a href={`data:application/octet-stream;base64,${data}`} download={name.split('/').pop() || 'resource'}>
        Download
      </a>
    </p>
  );
}

function ContentBlock({ block, index }: { block: Block; index: number }) {
  const type = str(block.type);
  if (type === 'text') return <div className="result-text">{str(block.text)}</div>;
  if (type === 'image' || type === 'audio')
    return (
      <Binary data={str(block.data) ?? ''} mimeType={str(block.mimeType)} name={`${type} ${index + 1}`} />
    );
  if (type === 'resource_link') {
    const uri = str(block.uri) ?? '';
    return (
      <div className="result-resource" data-kind="resource-link">
        <p className="small muted">Resource link{block.mimeType ? ` · ${str(block.mimeType)}` : ''}</p>
        <strong>{str(block.title) ?? str(block.name) ?? uri}</strong>{' '}
        <SafeLink href={uri}>
          <code>{uri}</code>
        </SafeLink>
        {str(block.description) && <p className="small">{str(block.description)}</p>}
      </div>
    );
  }
  if (type === 'resource' && block.resource && typeof block.resource === 'object') {
    const r = block.resource as Block;
    const uri = str(r.uri) ?? '';
    return (
      <div className="result-resource" data-kind="resource">
        <p className="small muted">
          Embedded resource <code>{uri}</code>
          {r.mimeType ? ` · ${str(r.mimeType)}` : ''}
        </p>
        {typeof r.text === 'string' ? (
          <div className="result-text">{r.text}</div>
        ) : (
          <Binary data={str(r.blob) ?? ''} mimeType={str(r.mimeType)} name={uri} />
        )}
      </div>
    );
  }
  return (
    <div className="result-resource">
      <p className="small muted">Content of type {type ?? 'unknown'}</p>
      <JsonTree value={block} />
    </div>
  );
}

/** What came back from a tool, as a person reads it; the exchange opens on demand. */
export function ToolResult({
  result,
  durationMs,
  exchanges,
  error,
  note,
}: {
  result: Record<string, unknown> | null;
  durationMs: number;
  exchanges: Exchange[];
  /** The call failed before the tool answered (sign-in, remote failure). */
  error?: { code: string; detail: string } | null;
  note?: React.ReactNode;
}) {
  const isError = result?.isError === true;
  const content = Array.isArray(result?.content) ? (result.content as Block[]) : [];
  return (
    <section className={`tool-result${isError || error ? ' tool-result-error' : ''}`} aria-label="Result">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="row">
          {error ? (
            <Pill tone="danger">Failed · {error.code}</Pill>
          ) : isError ? (
            <Pill tone="danger">Tool error</Pill>
          ) : (
            <Pill tone="ok">OK</Pill>
          )}
          {note}
        </div>
        <span className="small muted" data-testid="latency">
          {durationMs} ms
        </span>
      </div>
      {error && <p className="field-error">{error.detail}</p>}
      {content.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity of their own
        <ContentBlock key={i} block={block} index={i} />
      ))}
      {result && content.length === 0 && !result.structuredContent && (
        <p className="small muted">The tool answered with no content.</p>
      )}
      {result?.structuredContent !== undefined && (
        <details className="details result-structured" open>
          <summary>Structured content</summary>
          <JsonTree value={result.structuredContent} />
        </details>
      )}
      {exchanges.length > 0 && (
        <details className="details">
          <summary>
            Raw JSON-RPC exchange ({exchanges.length} HTTP {exchanges.length === 1 ? 'request' : 'requests'})
          </summary>
          {exchanges.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: exchanges are in order and never reordered
            <div key={i} className="exchange">
              <p className="mono">
                {x.method} {x.url} → {x.status ?? 'no answer'}
              </p>
              <p className="label">Request</p>
              <CodeBlock
                language="json"
                code={JSON.stringify({ headers: x.requestHeaders, body: x.request }, null, 2)}
              />
              <p className="label">Response</p>
              <CodeBlock
                language="json"
                code={JSON.stringify({ headers: x.responseHeaders, body: x.response }, null, 2)}
              />
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
