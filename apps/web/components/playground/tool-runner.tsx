'use client';

import dynamic from 'next/dynamic';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Alert, Button, Spinner } from '@/components/ui';
import { ApiError, api, errorMessage, ok } from '@/lib/api';
import {
  type CallAnswer,
  type CallDetail,
  type Connector,
  connectorTools,
  needsSignIn,
  openSignInWindow,
  startSignIn,
  useSignInMessages,
} from '@/lib/connectors';
import { ToolResult } from './tool-result';
import './playground.css';

// The form library and its validator are the heaviest part of the page: load them with the tool form.
const SchemaForm = dynamic(() => import('./schema-form').then((m) => m.SchemaForm), {
  ssr: false,
  loading: () => <Spinner label="Loading the form" />,
});

type Shown =
  | { kind: 'answer'; answer: CallAnswer }
  | { kind: 'failed'; error: { code: string; detail: string }; durationMs: number }
  | { kind: 'history'; call: CallDetail };

/**
 * Pick one of a connector's tools, fill the form its input schema makes, call it and read the
 * answer. Signs in through the popup when the connector needs it. The playground and every hosted
 * server's "Try it" tab use this one component.
 */
export function ToolRunner({
  connector,
  onConnectorChange,
  reopen,
  onCalled,
}: {
  connector: Connector;
  onConnectorChange: (c: Connector) => void;
  /** A past call to show again, its arguments back in the form. */
  reopen?: CallDetail | null;
  /** After every call (the history has a new entry). */
  onCalled?: () => void;
}) {
  const idPrefix = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [toolName, setToolName] = useState<string | null>(null);
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState(false);
  const [listing, setListing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const tools = useMemo(() => connectorTools(connector), [connector]);
  const tool = tools.find((t) => t.name === toolName) ?? null;
  const signIn = needsSignIn(connector);

  async function reloadConnector() {
    const { connector: fresh } = await ok(
      api.GET('/v1/connectors/{id}', { params: { path: { id: connector.id } } }),
    );
    onConnectorChange(fresh);
    return fresh;
  }

  async function listTools() {
    setListing(true);
    setMessage(null);
    try {
      const { connector: fresh } = await ok(
        api.POST('/v1/connectors/{id}/tools/refresh', { params: { path: { id: connector.id } } }),
      );
      onConnectorChange(fresh);
    } catch (err) {
      setMessage(errorMessage(err));
      await reloadConnector().catch(() => {});
    } finally {
      setListing(false);
    }
  }

  // List the tools once for a connector that has never been listed.
  const listed = useRef<string | null>(null);
  useEffect(() => {
    if (connector.tools !== null || signIn || listed.current === connector.id) return;
    listed.current = connector.id;
    void listTools();
  });

  // Keep a tool selected; the first one by default.
  useEffect(() => {
    if (tools.length > 0 && !tools.some((t) => t.name === toolName)) setToolName(tools[0]!.name);
  }, [tools, toolName]);

  // Re-open a past call: its tool, its arguments in the form, its answer.
  useEffect(() => {
    if (!reopen) return;
    setToolName(reopen.tool);
    setFormData(reopen.arguments);
    setShown({ kind: 'history', call: reopen });
  }, [reopen]);

  useSignInMessages((m) => {
    if (m.connectorId !== connector.id) return;
    setMessage(m.status === 'ready' ? null : `Sign-in failed: ${m.error ?? 'unknown error'}`);
    void reloadConnector().catch((err) => setMessage(errorMessage(err)));
  });

  async function beginSignIn() {
    const popup = openSignInWindow(connector.id);
    setMessage(null);
    try {
      await startSignIn(connector.id, popup);
    } catch (err) {
      setMessage(errorMessage(err));
      await reloadConnector().catch(() => {});
    }
  }

  async function call(args: Record<string, unknown>) {
    if (!tool) return;
    setBusy(true);
    setMessage(null);
    const started = performance.now();
    try {
      const answer = await ok(
        api.POST('/v1/connectors/{id}/call', {
          params: { path: { id: connector.id } },
          body: { tool: tool.name, arguments: args },
        }),
      );
      setShown({ kind: 'answer', answer });
    } catch (err) {
      const durationMs = Math.round(performance.now() - started);
      setShown({
        kind: 'failed',
        durationMs,
        error: {
          code: err instanceof ApiError ? (err.problem.code ?? 'error') : 'network',
          detail: errorMessage(err),
        },
      });
      if (err instanceof ApiError && err.status === 409) await reloadConnector().catch(() => {});
    } finally {
      setBusy(false);
      onCalled?.();
    }
  }

  if (signIn)
    return (
      <div className="stack">
        {message && <Alert tone="error">{message}</Alert>}
        <Alert tone="warn">
          <strong>Sign in to {connector.name}</strong> to list and call its tools. A window opens with the
          server’s sign-in and consent; this page updates when it closes.
        </Alert>
        <div className="row">
          <Button onClick={() => void beginSignIn()}>Sign in</Button>
        </div>
      </div>
    );

  return (
    <div className="stack tool-runner">
      {message && <Alert tone="error">{message}</Alert>}
      {!message && connector.status === 'error' && connector.lastError && (
        <Alert tone="warn">The last request failed: {connector.lastError}</Alert>
      )}
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <div className="field" style={{ flex: 1, minWidth: 220, marginBottom: 0 }}>
          <label htmlFor={`${idPrefix}-tool`}>Tool</label>
          <select
            id={`${idPrefix}-tool`}
            className="select"
            value={toolName ?? ''}
            onChange={(e) => {
              setToolName(e.target.value);
              setFormData({});
              setShown(null);
            }}
            disabled={tools.length === 0}
          >
            {tools.length === 0 && <option value="">{listing ? 'Listing…' : 'No tools'}</option>}
            {tools.map((t) => (
              <option key={t.name} value={t.name}>
                {t.title ? `${t.name} — ${t.title}` : t.name}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary" onClick={() => void listTools()} disabled={listing}>
          {listing ? 'Listing…' : 'Refresh tools'}
        </Button>
      </div>
      {connector.tools === null && listing && <Spinner label="Listing the tools" />}
      {connector.tools !== null && tools.length === 0 && (
        <p className="muted">This server offers no tools.</p>
      )}
      {tool && (
        <div className="tool-card">
          {tool.description && <p style={{ marginTop: 0 }}>{tool.description}</p>}
          <SchemaForm
            key={`${connector.id}:${tool.name}`}
            schema={tool.inputSchema}
            formData={formData}
            onChange={setFormData}
            onSubmit={(args) => void call(args)}
            busy={busy}
            idPrefix={`tool${idPrefix}`}
          />
        </div>
      )}
      {shown?.kind === 'answer' && (
        <ToolResult
          result={shown.answer.result}
          durationMs={shown.answer.durationMs}
          exchanges={shown.answer.exchanges}
        />
      )}
      {shown?.kind === 'failed' && (
        <ToolResult result={null} durationMs={shown.durationMs} exchanges={[]} error={shown.error} />
      )}
      {shown?.kind === 'history' && (
        <ToolResult
          result={shown.call.result}
          durationMs={shown.call.durationMs}
          exchanges={shown.call.exchanges}
          error={shown.call.error}
          note={
            <span className="small muted">
              from your history{shown.call.truncated ? ' (too large to keep in full)' : ''}
            </span>
          }
        />
      )}
    </div>
  );
}
