'use client';

import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Pill, timeAgo } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import type { CallDetail } from '@/lib/connectors';
import { useApi } from '@/lib/use-api';

const OUTCOME = {
  ok: <Pill tone="ok">ok</Pill>,
  tool_error: <Pill tone="danger">tool error</Pill>,
  failed: <Pill tone="danger">failed</Pill>,
} as const;

/**
 * Your last calls (the api keeps 20), newest first; one click opens a call again. `version` changes
 * after every call so the list follows.
 */
export function CallHistory({
  version,
  connectorId,
  onOpen,
}: {
  version: number;
  connectorId?: string;
  onOpen: (call: CallDetail) => void;
}) {
  const { data, error, reload } = useApi('/v1/connectors/calls', {
    query: connectorId ? { connectorId } : {},
  });
  const [openError, setOpenError] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const reloadList = useRef(reload);
  reloadList.current = reload;
  useEffect(() => {
    if (version > 0) void reloadList.current();
  }, [version]);

  async function open(id: string) {
    setOpenError(null);
    setActive(id);
    try {
      onOpen((await ok(api.GET('/v1/connectors/calls/{id}', { params: { path: { id } } }))).call);
    } catch (err) {
      setOpenError(errorMessage(err));
    }
  }

  async function clear() {
    if (!window.confirm('Forget your call history in this organization?')) return;
    setOpenError(null);
    try {
      await ok(api.DELETE('/v1/connectors/calls'));
      setActive(null);
      await reload();
    } catch (err) {
      setOpenError(errorMessage(err));
    }
  }

  return (
    <section aria-label="History" className="call-history">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 className="label" style={{ margin: 0 }}>
          History
        </h2>
        {/* Clearing forgets every call in the org, so only the playground (all connectors) offers it. */}
        {!connectorId && data && data.calls.length > 0 && (
          <Button size="sm" variant="ghost" onClick={() => void clear()}>
            Clear
          </Button>
        )}
      </div>
      {error != null && !data && <Alert tone="error">{errorMessage(error)}</Alert>}
      {openError && <Alert tone="error">{openError}</Alert>}
      {data && data.calls.length === 0 && <p className="small muted">Your calls appear here.</p>}
      <ul className="plain-list">
        {data?.calls.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="history-item"
              aria-current={active === c.id ? 'true' : undefined}
              onClick={() => void open(c.id)}
            >
              <span className="row" style={{ justifyContent: 'space-between' }}>
                <code>{c.tool}</code>
                {OUTCOME[c.outcome]}
              </span>
              <span className="small muted">
                {connectorId ? '' : `${c.connectorName} · `}
                {c.durationMs} ms · {timeAgo(c.createdAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
