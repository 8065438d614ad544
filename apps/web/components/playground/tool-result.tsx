'use client';

import { CodeBlock } from '@/components/client';
import { Pill } from '@/components/ui';
import type { CallDetail, Exchange } from '@/lib/connectors';
import { type BinaryView, viewBlock } from '@/lib/content-blocks';
import { JsonTree } from './json-tree';

type Block = Record<string, unknown>;

function Binary({ view }: { view: BinaryView }) {
  if (view.kind === 'invalid') return <p className="small field-error">{view.reason}</p>;
  if (view.kind === 'image')
    // biome-ignore lint/performance/noImgElement: a data URL from the tool's answer, not an optimizable asset
    return <img className="result-image" src={view.src} alt={`${view.mimeType} from the tool`} />;
  if (view.kind === 'audio')
    // biome-ignore lint/a11y/useMediaCaption: a tool's audio answer has no captions to offer
    return <audio controls src={view.src} />;
  return (
    <p className="small">
      {view.mimeType}, {view.bytes.toLocaleString('en')} bytes ·{' '}
      <a href={view.href} download={view.filename}>
        Download
      </a>
    </p>
  );
}

function ContentBlock({ block, index }: { block: Block; index: number }) {
  const view = viewBlock(block, index);
  switch (view.kind) {
    case 'text':
      return <div className="result-text">{view.text}</div>;
    case 'link':
      return (
        <div className="result-resource" data-kind="resource-link">
          <p className="small muted">Resource link{view.mimeType ? ` · ${view.mimeType}` : ''}</p>
          <p>
            <strong>{view.title}</strong>{' '}
            {view.href ? (
              <a href={view.href} target="_blank" rel="noopener noreferrer">
                <code>{view.uri}</code>
              </a>
            ) : (
              <code>{view.uri}</code>
            )}
          </p>
          {view.description && <p className="small">{view.description}</p>}
        </div>
      );
    case 'resource':
      return (
        <div className="result-resource" data-kind="resource">
          <p className="small muted">
            Embedded resource <code>{view.uri}</code>
            {view.mimeType ? ` · ${view.mimeType}` : ''}
          </p>
          {view.body.kind === 'text' ? (
            <div className="result-text">{view.body.text}</div>
          ) : (
            <Binary view={view.body} />
          )}
        </div>
      );
    case 'unknown':
      return (
        <div className="result-resource">
          <p className="small muted">Content of type {view.type}</p>
          <JsonTree value={view.raw} />
        </div>
      );
    default:
      return <Binary view={view} />;
  }
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
  error?: CallDetail['error'];
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
