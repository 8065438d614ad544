'use client';

import Link from 'next/link';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { CodeBlock } from '@/components/client';
import { Alert, Button, formatDate, PageHead, Pill, Spinner, Table, type Tone } from '@/components/ui';
import { ApiError, api, errorMessage, loginUrl } from '@/lib/api';
import { useApi } from '@/lib/use-api';

interface AuditEvent {
  id: string;
  actorType: 'user' | 'api_key' | 'system' | 'oauth_client';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  userAgent: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

interface Filters {
  action: string;
  resourceType: string;
  actorType: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', resourceType: '', actorType: '', from: '', to: '' };

function actionTone(action: string): Tone {
  if (/delete|revoke|remove|fail|denied/.test(action)) return 'danger';
  if (/create|signup|accept|grant/.test(action)) return 'ok';
  if (/update|change|switch|rollback|rotate/.test(action)) return 'warn';
  if (/login|logout/.test(action)) return 'info';
  return 'neutral';
}

function query(filters: Filters, cursor?: string): string {
  const q = new URLSearchParams();
  if (filters.action) q.set('action', filters.action);
  if (filters.resourceType) q.set('resourceType', filters.resourceType);
  if (filters.actorType) q.set('actorType', filters.actorType);
  if (filters.from) q.set('from', new Date(`${filters.from}T00:00:00Z`).toISOString());
  if (filters.to) q.set('to', new Date(`${filters.to}T23:59:59.999Z`).toISOString());
  if (cursor) q.set('cursor', cursor);
  q.set('limit', '50');
  return q.toString();
}

/** Links to the server an event concerns while it still exists (deleted servers have no page). */
function ResourceLink({ e, live }: { e: AuditEvent; live: Set<string> }) {
  if (!e.resourceId) return <span>{e.resourceType}</span>;
  const short = e.resourceId.length > 14 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId;
  const serverId =
    e.resourceType === 'server'
      ? e.resourceId
      : typeof e.metadata.serverId === 'string'
        ? e.metadata.serverId
        : null;
  if (serverId && live.has(serverId))
    return (
      <Link href={`/servers/${serverId}`}>
        {e.resourceType} {short}
      </Link>
    );
  return (
    <span title={e.resourceId}>
      {e.resourceType} <span className="mono">{short}</span>
    </span>
  );
}

export function AuditLog() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const servers = useApi<{ servers: { id: string }[] }>('/v1/servers');
  const liveServers = useMemo(() => new Set((servers.data?.servers ?? []).map((x) => x.id)), [servers.data]);

  const load = useCallback(async (f: Filters, cursor?: string) => {
    setLoading(true);
    setError(null);
    try {
      const r = await api<{ events: AuditEvent[]; nextCursor: string | null }>(
        `/v1/audit?${query(f, cursor)}`,
      );
      setEvents((prev) => (cursor ? [...prev, ...r.events] : r.events));
      setNext(r.nextCursor);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return window.location.assign(loginUrl());
      setError(
        err instanceof ApiError && err.status === 403
          ? 'Only owners and admins can read the audit log.'
          : errorMessage(err),
      );
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(EMPTY);
  }, [load]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const f: Filters = {
      action: String(form.get('action') ?? '').trim(),
      resourceType: String(form.get('resourceType') ?? '').trim(),
      actorType: String(form.get('actorType') ?? ''),
      from: String(form.get('from') ?? ''),
      to: String(form.get('to') ?? ''),
    };
    setFilters(f);
    void load(f);
  }

  const toggle = (id: string) =>
    setOpen((prev) => {
      const s = new Set(prev);
      if (s.has(id)) s.delete(id);
      else s.add(id);
      return s;
    });

  return (
    <>
      <PageHead
        title="Audit log"
        description="Every change in this organization: who did what, when, from where."
      />
      <form
        onSubmit={submit}
        className="card row"
        style={{ alignItems: 'flex-end', marginBottom: 16 }}
        aria-label="Filters"
      >
        <div className="field">
          <label htmlFor="f-action">Action</label>
          <input
            id="f-action"
            name="action"
            className="input"
            placeholder="server.create"
            defaultValue={filters.action}
          />
        </div>
        <div className="field">
          <label htmlFor="f-resource">Resource type</label>
          <input
            id="f-resource"
            name="resourceType"
            className="input"
            placeholder="server"
            defaultValue={filters.resourceType}
          />
        </div>
        <div className="field">
          <label htmlFor="f-actor">Actor</label>
          <select id="f-actor" name="actorType" className="select" defaultValue={filters.actorType}>
            <option value="">anyone</option>
            <option value="user">people</option>
            <option value="api_key">API keys</option>
            <option value="oauth_client">OAuth clients</option>
            <option value="system">system</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">From</label>
          <input id="f-from" name="from" type="date" className="input" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="f-to">To</label>
          <input id="f-to" name="to" type="date" className="input" defaultValue={filters.to} />
        </div>
        <div className="field row">
          <Button type="submit">Filter</Button>
          <Button
            variant="secondary"
            type="reset"
            onClick={() => {
              setFilters(EMPTY);
              void load(EMPTY);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      {error && <Alert tone="error">{error}</Alert>}
      {!error && events.length === 0 && !loading && <p className="muted">No events match.</p>}
      {events.length > 0 && (
        <Table caption="Audit events" stacked>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Resource</th>
              <th scope="col">IP</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td data-label="Time" className="small" style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(e.createdAt)}
                </td>
                <td data-label="Action">
                  <Pill tone={actionTone(e.action)}>{e.action}</Pill>
                </td>
                <td data-label="Actor" className="small">
                  {e.actorLabel ?? e.actorId ?? '—'}
                  <div className="muted">{e.actorType.replace('_', ' ')}</div>
                </td>
                <td data-label="Resource" className="small">
                  <ResourceLink e={e} live={liveServers} />
                </td>
                <td data-label="IP" className="mono">
                  {e.ip ?? '—'}
                </td>
                <td data-label="Details">
                  {Object.keys(e.metadata ?? {}).length > 0 || e.userAgent ? (
                    <>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-expanded={open.has(e.id)}
                        onClick={() => toggle(e.id)}
                      >
                        {open.has(e.id) ? 'Hide' : 'Show'}
                      </Button>
                      {open.has(e.id) && (
                        <div style={{ minWidth: 260, marginTop: 6 }}>
                          <CodeBlock
                            language="json"
                            code={JSON.stringify({ ...e.metadata, userAgent: e.userAgent }, null, 2)}
                          />
                        </div>
                      )}
                    </>
                  ) : (
                    <span className="muted small">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="row" style={{ marginTop: 16 }}>
        {loading && <Spinner label="Loading events" />}
        {!loading && next && (
          <Button variant="secondary" onClick={() => void load(filters, next)}>
            Load older events
          </Button>
        )}
      </div>
    </>
  );
}
