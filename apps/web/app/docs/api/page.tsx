import type { Metadata } from 'next';
import { connection } from 'next/server';
import { CodeBlock } from '@/components/client';
import { webEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'API reference' };

type Json = Record<string, any>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const METHOD_TONE: Record<string, string> = {
  get: 'pill-info',
  post: 'pill-ok',
  put: 'pill-warn',
  patch: 'pill-warn',
  delete: 'pill-danger',
};

async function loadOpenApi(): Promise<{ doc: Json } | { error: string }> {
  await connection();
  const { apiInternal } = webEnv();
  try {
    const res = await fetch(`${apiInternal}/v1/openapi.json`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return { error: `The API answered ${res.status}.` };
    return { doc: (await res.json()) as Json };
  } catch {
    return {
      error: 'The API is not reachable right now, so its reference cannot be shown. Try again in a moment.',
    };
  }
}

function resolve(doc: Json, schema: Json | undefined): Json | undefined {
  if (!schema?.$ref || typeof schema.$ref !== 'string') return schema;
  const path = schema.$ref.replace(/^#\//, '').split('/');
  let node: any = doc;
  for (const p of path) node = node?.[p];
  return node ?? schema;
}

function anchor(method: string, path: string) {
  return `${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`.replace(/-+$/, '');
}

export default async function ApiReferencePage() {
  const result = await loadOpenApi();
  if ('error' in result) {
    return (
      <>
        <h1>API reference</h1>
        <div className="alert alert-error" role="alert">
          {result.error}
        </div>
      </>
    );
  }
  const { doc } = result;
  const groups = new Map<string, { method: string; path: string; op: Json }[]>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
    for (const method of METHODS) {
      const op = (item as Json)[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method, path, op });
    }
  }
  return (
    <>
      <h1>API reference</h1>
      <p>
        {doc.info?.title ?? 'Control-plane API'} {doc.info?.version ? `(version ${doc.info.version})` : ''} —
        generated from the live OpenAPI document at <a href="/v1/openapi.json">/v1/openapi.json</a>.
        Authenticate with your session (in the browser) or <code>Authorization: Bearer bmm_live_…</code> (an
        API key from Settings). Errors are <code>application/problem+json</code>:{' '}
        <code>{'{ status, code, detail, fields? }'}</code>.
      </p>
      <nav aria-label="API sections" className="row" style={{ marginBottom: 16 }}>
        {[...groups.keys()].map((tag) => (
          <a key={tag} href={`#tag-${tag}`} className="pill pill-accent">
            {tag}
          </a>
        ))}
      </nav>
      {[...groups.entries()].map(([tag, ops]) => (
        <section key={tag}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {ops.map(({ method, path, op }) => {
            const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
            const params = (op.parameters ?? []) as Json[];
            return (
              <div
                key={`${method} ${path}`}
                className="card"
                style={{ marginBottom: 12 }}
                id={anchor(method, path)}
              >
                <h3 style={{ margin: 0 }} className="row">
                  <span className={`pill ${METHOD_TONE[method]}`}>{method.toUpperCase()}</span>
                  <code>{path}</code>
                </h3>
                {op.summary && <p style={{ margin: '8px 0' }}>{op.summary}</p>}
                {params.length > 0 && (
                  <p className="small">
                    Parameters:{' '}
                    {params.map((p, i) => (
                      <span key={`${p.in}-${p.name}`}>
                        {i > 0 && ', '}
                        <code>{p.name}</code>{' '}
                        <span className="muted">
                          ({p.in}
                          {p.required ? ', required' : ''})
                        </span>
                      </span>
                    ))}
                  </p>
                )}
                {body && (
                  <details className="details">
                    <summary>Request body</summary>
                    <CodeBlock language="json" code={JSON.stringify(body, null, 2)} />
                  </details>
                )}
                <p className="small muted" style={{ margin: '8px 0 0' }}>
                  Responses: {Object.keys(op.responses ?? {}).join(', ')}
                </p>
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}
