'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { CopyButton } from '@/components/client';
import { Alert, Button, Card, Input, PageHead, Pill, Spinner, type Tone } from '@/components/ui';
import { type Answer, ApiError, api, errorMessage, ok } from '@/lib/api';

type Diagnosis = Answer<'/v1/diagnose', 'post'>;
type Step = Diagnosis['steps'][number];
type Exchange = Step['evidence'][number];
export type StepStatus = Step['status'];

const TONE: Record<StepStatus, Tone> = { pass: 'ok', warn: 'warn', fail: 'danger', skip: 'neutral' };
const LABEL: Record<StepStatus, string> = { pass: 'pass', warn: 'warning', fail: 'fail', skip: 'skipped' };

function Evidence({ evidence }: { evidence: Exchange[] }) {
  if (evidence.length === 0) return null;
  return (
    <details className="details">
      <summary>Evidence ({evidence.length})</summary>
      {evidence.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
        <div key={i} className="stack" style={{ marginTop: 8 }}>
          <code className="small">
            {e.request}
            {e.status !== null ? ` → HTTP ${e.status}` : ''}
          </code>
          {e.error && <span className="small field-error">{e.error}</span>}
          {(Object.keys(e.headers).length > 0 || e.fields) && (
            <pre className="small" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {Object.entries(e.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}
              {Object.keys(e.headers).length > 0 && e.fields ? '\n\n' : ''}
              {e.fields ? JSON.stringify(e.fields, null, 2) : ''}
            </pre>
          )}
        </div>
      ))}
    </details>
  );
}

export function StepList({ steps }: { steps: Step[] }) {
  return (
    <ol className="stack" style={{ listStyle: 'none', padding: 0 }} aria-label="Checks">
      {steps.map((s) => (
        <li key={s.id} className="card" data-step={s.id} data-status={s.status}>
          <div className="row" style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
            <strong>{s.title}</strong>
            <Pill tone={TONE[s.status]}>{LABEL[s.status]}</Pill>
          </div>
          <p style={{ margin: '6px 0' }}>{s.detail}</p>
          <p className="small muted" style={{ margin: '0 0 6px' }}>
            Checks: <span className="clause">{s.clause}</span>
          </p>
          <Evidence evidence={s.evidence} />
        </li>
      ))}
    </ol>
  );
}

export function Doctor({ initialUrl }: { initialUrl: string }) {
  const router = useRouter();
  const [url, setUrl] = useState(initialUrl);
  const [probeRegistration, setProbeRegistration] = useState(false);
  const [result, setResult] = useState<Diagnosis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const ran = useRef(false);

  const run = useCallback(async (target: string, probe: boolean) => {
    setRunning(true);
    setError(null);
    setFieldError(null);
    setResult(null);
    try {
      setResult(await ok(api.POST('/v1/diagnose', { body: { url: target, probeRegistration: probe } })));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setFieldError(err.message);
      else setError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  }, []);

  // A shared link (`/doctor?url=…`) runs the check at once; registration is never probed without a click.
  useEffect(() => {
    if (initialUrl && !ran.current) {
      ran.current = true;
      void run(initialUrl, false);
    }
  }, [initialUrl, run]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const target = url.trim();
    router.replace(`/doctor?url=${encodeURIComponent(target)}`, { scroll: false });
    void run(target, probeRegistration);
  }

  const shareUrl =
    result && typeof window !== 'undefined'
      ? `${window.location.origin}/doctor?url=${encodeURIComponent(result.url)}`
      : '';

  return (
    <>
      <PageHead
        title="Auth doctor"
        description={
          <>
            Paste any MCP server URL: the doctor walks the discovery a spec-conformant client does and says,
            step by step and with the clause it checks, what works and what does not. Nothing is stored.{' '}
            <Link href="/docs/doctor">How it works</Link>
          </>
        }
      />
      <Card>
        <form onSubmit={submit} className="stack" noValidate>
          <Input
            label="MCP server URL"
            name="url"
            type="url"
            placeholder="https://example.com/mcp"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            error={fieldError}
            required
          />
          <label className="row small">
            <input
              type="checkbox"
              checked={probeRegistration}
              onChange={(e) => setProbeRegistration(e.target.checked)}
            />
            Also try dynamic client registration (registers a throw-away client at that server and deletes it
            again when the server allows)
          </label>
          <div className="row">
            <Button type="submit" disabled={running || !url.trim()}>
              {running ? 'Checking…' : 'Check'}
            </Button>
          </div>
        </form>
      </Card>
      {running && <Spinner label="Running the checks" />}
      {error && <Alert tone="error">{error}</Alert>}
      {result && (
        <section aria-label="Result" className="stack" style={{ marginTop: 16 }}>
          <div className="row" style={{ flexWrap: 'wrap' }}>
            <Pill tone="ok">{result.summary.pass} passed</Pill>
            <Pill tone="warn">{result.summary.warn} warnings</Pill>
            <Pill tone="danger">{result.summary.fail} failed</Pill>
            <Pill>{result.summary.skip} skipped</Pill>
            <span className="small muted">
              {result.url} · {result.durationMs} ms
            </span>
            <span className="spacer" />
            {shareUrl && <CopyButton text={shareUrl} label="Copy link to this check" />}
          </div>
          <StepList steps={result.steps} />
        </section>
      )}
    </>
  );
}
