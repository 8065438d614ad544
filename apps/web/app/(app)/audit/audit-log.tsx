'use client';

import Link from 'next/link';
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CodeBlock } from '@/components/client';
import { Drawer } from '@/components/drawer';
import { Alert, Button, formatDate, PageHead, Pill, Spinner, Table, type Tone } from '@/components/ui';
import { type Answer, ApiError, api, errorMessage, loginUrl, ok } from '@/lib/api';
import { type GetParams, useApi } from '@/lib/use-api';

type AuditEvent = Answer<'/v1/audit'>['events'][number];
type AuditQuery = NonNullable<NonNullable<GetParams<'/v1/audit'>>['query']>;
const ACTOR_TYPES: AuditEvent['actorType'][] = ['user', 'api_key', 'system', 'oauth_client'];

/** The picked filters as the pickers hold them: `actor` and `resource` are `type:id` (id may be empty). */
interface Filters {
  action: string;
  actor: string;
  resource: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', actor: '', resource: '', from: '', to: '' };

const TYPE_LABELS: Record<string, string> = {
  server: 'Servers',
  connector: 'Connectors',
  oauth_grant: 'Connected clients',
  member: 'Members',
  user: 'People',
  api_key: 'API keys',
  invitation: 'Invitations',
};

function actionTone(action: string): Tone {
  if (/delete|revoke|remove|fail|denied/.test(action)) return 'danger';
  if (/create|signup|accept|grant/.test(action)) return 'ok';
  if (/update|change|switch|rollback|rotate/.test(action)) return 'warn';
  if (/login|logout/.test(action)) return 'info';
  return 'neutral';
}

function split(value: string): [string, string] {
  const i = value.indexOf(':');
  return i < 0 ? [value, ''] : [value.slice(0, i), value.slice(i + 1)];
}

function auditQuery(filters: Filters, cursor?: string): AuditQuery {
  const q: AuditQuery = { limit: 50 };
  if (filters.action) q.action = filters.action;
  if (filters.actor) {
    const [type, id] = split(filters.actor);
    q.actorType = ACTOR_TYPES.find((t) => t === type);
    if (id) q.actorId = id;
  }
  if (filters.resource) {
    const [type, id] = split(filters.resource);
    q.resourceType = type;
    if (id) q.resourceId = id;
  }
  if (filters.from) q.from = new Date(`${filters.from}T00:00:00Z`).toISOString();
  if (filters.to) q.to = new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString();
  if (cursor) q.cursor = cursor;
  return q;
}

/** Where a resource lives in the app while it exists. */
function resourceHref(e: AuditEvent, liveServers: Set<string>): string | null {
  const serverId = typeof e.metadata.serverId === 'string' ? e.metadata.serverId : null;
  if (e.resourceName !== null) {
    if (!e.resourceExists) return null;
    switch (e.resourceType) {
      case 'server':
        return `/servers/${e.resourceId}`;
      case 'connector':
        return '/connectors';
      case 'oauth_grant':
        return serverId && liveServers.has(serverId) ? `/servers/${serverId}` : null;
      case 'api_key':
      case 'invitation':
      case 'member':
      case 'user':
        return '/settings';
      default:
        return null;
    }
  }
  return serverId && liveServers.has(serverId) ? `/servers/${serverId}` : null;
}

function Resource({ e, liveServers }: { e: AuditEvent; liveServers: Set<string> }) {
  const type = e.resourceType.replaceAll('_', ' ');
  const short = e.resourceId && e.resourceId.length > 14 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId;
  const label = e.resourceName ?? short;
  const href = resourceHref(e, liveServers);
  return (
    <span title={e.resourceId ?? undefined}>
      <span className="muted">{type}</span>{' '}
      {label &&
        (href ? (
          <Link href={href}>{label}</Link>
        ) : (
          <span className={e.resourceName ? undefined : 'mono'}>{label}</span>
        ))}
      {e.resourceName !== null && !e.resourceExists && <span className="muted"> (gone)</span>}
    </span>
  );
}

export function AuditLog() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [detail, setDetail] = useState<AuditEvent | null>(null);
  const [formKey, setFormKey] = useState(0);
  const servers = useApi('/v1/servers');
  const facets = useApi('/v1/audit/facets');
  const members = useApi('/v1/members');
  const liveServers = useMemo(() => new Set((servers.data?.servers ?? []).map((x) => x.id)), [servers.data]);
  // Only the newest request may show its rows: an older one is aborted, and ignored should it land anyway.
  const inflight = useRef<AbortController | null>(null);
  const generation = useRef(0);

  const load = useCallback(async (f: Filters, cursor?: string) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    if (!cursor) {
      setEvents([]);
      setNext(null);
    }
    try {
      const r = await ok(
        api.GET('/v1/audit', { params: { query: auditQuery(f, cursor) }, signal: controller.signal }),
      );
      if (mine !== generation.current) return;
      setEvents((prev) => (cursor ? [...prev, ...r.events] : r.events));
      setNext(r.nextCursor);
    } catch (err) {
      if (mine !== generation.current || (err as Error).name === 'AbortError') return;
      if (err instanceof ApiError && err.status === 401) return window.location.assign(loginUrl());
      setError(
        err instanceof ApiError && err.status === 403
          ? 'Only owners and admins can read the audit log.'
          : errorMessage(err),
      );
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(EMPTY);
    return () => inflight.current?.abort();
  }, [load]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const f: Filters = {
      action: String(form.get('action') ?? ''),
      actor: String(form.get('actor') ?? ''),
      resource: String(form.get('resource') ?? ''),
      from: String(form.get('from') ?? ''),
      to: String(form.get('to') ?? ''),
    };
    setFilters(f);
    void load(f);
  }

  const actionGroups = useMemo(() => {
    const groups = new Map<string, string[]>();
    for (const a of facets.data?.actions ?? []) {
      const prefix = a.split('.')[0] ?? a;
      groups.set(prefix, [...(groups.get(prefix) ?? []), a]);
    }
    return [...groups.entries()];
  }, [facets.data]);

  const resourceGroups = useMemo(() => {
    const groups = new Map<string, Answer<'/v1/audit/facets'>['resources']>();
    for (const r of facets.data?.resources ?? []) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
    return [...groups.entries()];
  }, [facets.data]);

  return (
    <>
      <PageHead
        title="Audit log"
        description="Every change in this organization: who did what, when, from where."
      />
      <form key={formKey} onSubmit={submit} className="card audit-filters" aria-label="Filters">
        <div className="field">
          <label htmlFor="f-action">Action</label>
          <select id="f-action" name="action" className="select" defaultValue={filters.action}>
            <option value="">Any action</option>
            {actionGroups.map(([prefix, actions]) => (
              <optgroup key={prefix} label={prefix}>
                <option value={`${prefix}.*`}>{`${prefix}.* (every ${prefix} action)`}</option>
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-actor">Actor</label>
          <select id="f-actor" name="actor" className="select" defaultValue={filters.actor}>
            <option value="">Anyone</option>
            {(members.data?.members.length ?? 0) > 0 && (
              <optgroup label="Members">
                {members.data?.members.map((m) => (
                  <option key={m.userId} value={`user:${m.userId}`}>
                    {m.name ? `${m.name} (${m.email})` : m.email}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label="Kinds of actor">
              <option value="user:">Any person</option>
              <option value="api_key:">API keys</option>
              <option value="oauth_client:">OAuth clients</option>
              <option value="system:">The system</option>
            </optgroup>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-resource">Resource</label>
          <select id="f-resource" name="resource" className="select" defaultValue={filters.resource}>
            <option value="">Any resource</option>
            {resourceGroups.map(([type, resources]) => (
              <optgroup key={type} label={TYPE_LABELS[type] ?? type}>
                <option value={`${type}:`}>{`Every ${type.replaceAll('_', ' ')}`}</option>
                {resources.map((r) => (
                  <option key={r.id} value={`${type}:${r.id}`}>
                    {`${r.name ?? r.id.slice(0, 8)}${r.exists ? '' : ' (gone)'}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">From</label>
          <input id="f-from" name="from" type="date" className="input" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="f-to">To (inclusive)</label>
          <input id="f-to" name="to" type="date" className="input" defaultValue={filters.to} />
        </div>
        <div className="row">
          <Button type="submit">Filter</Button>
          <Button
            variant="secondary"
            onClick={() => {
              setFilters(EMPTY);
              setFormKey((k) => k + 1);
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
        <div className="audit-table">
          <Table caption="Audit events" stacked>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Resource</th>
                <th scope="col">IP</th>
                <th scope="col">
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="small nowrap" data-label="Time">
                    {formatDate(e.createdAt)}
                  </td>
                  <td data-label="Action">
                    <Pill tone={actionTone(e.action)}>{e.action}</Pill>
                  </td>
                  <td className="small" data-label="Actor">
                    {e.actorLabel ?? e.actorId ?? '—'}
                    <div className="muted">{e.actorType.replace('_', ' ')}</div>
                  </td>
                  <td className="small resource" data-label="Resource">
                    <Resource e={e} liveServers={liveServers} />
                  </td>
                  <td className="mono small nowrap" data-label="IP">
                    {e.ip ?? '—'}
                  </td>
                  <td>
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-haspopup="dialog"
                      aria-label={`Details of ${e.action} at ${formatDate(e.createdAt)}`}
                      onClick={() => setDetail(e)}
                    >
                      Details
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      <div className="row" style={{ marginTop: 16 }}>
        {loading && <Spinner label="Loading events" />}
        {!loading && next && (
          <Button variant="secondary" onClick={() => void load(filters, next)}>
            Load older events
          </Button>
        )}
      </div>
      <Drawer open={detail !== null} title={detail?.action ?? ''} onClose={() => setDetail(null)}>
        {detail && (
          <>
            <dl>
              <dt>When</dt>
              <dd>{formatDate(detail.createdAt)}</dd>
              <dt>Actor</dt>
              <dd>
                {detail.actorLabel ?? detail.actorId ?? '—'} ({detail.actorType.replace('_', ' ')})
              </dd>
              <dt>Resource</dt>
              <dd>
                <Resource e={detail} liveServers={liveServers} />
              </dd>
              {detail.resourceId && (
                <>
                  <dt>Resource id</dt>
                  <dd className="mono">{detail.resourceId}</dd>
                </>
              )}
              <dt>IP</dt>
              <dd className="mono">{detail.ip ?? '—'}</dd>
              <dt>User agent</dt>
              <dd>{detail.userAgent ?? '—'}</dd>
            </dl>
            <h3 style={{ margin: 0, fontSize: 15 }}>Event as JSON</h3>
            <CodeBlock language="json" code={JSON.stringify(detail, null, 2)} />
          </>
        )}
      </Drawer>
    </>
  );
}
