'use client';

import { type FormEvent, useState } from 'react';
import { Alert, Card, formatDate, formatMonth, Input, PageHead, Pill, Spinner, Table } from '@/components/ui';
import { type Answer, api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';

type AdminOrgs = Answer<'/v1/admin/orgs'>;
type Plan = AdminOrgs['plans'][number];
type AdminOrg = AdminOrgs['orgs'][number];

const number = (n: number) => n.toLocaleString('en');

function UsageCell({ used, limit }: { used: number; limit: number }) {
  const over = used >= limit;
  return (
    <span className={over ? 'field-error' : undefined}>
      {number(used)} <span className="muted small">of {number(limit)}</span>
    </span>
  );
}

/** Instance admins: every organization with this month's usage, and a plan picker (audited). */
export function Admin() {
  const [query, setQuery] = useState('');
  const { data, error, loading, reload } = useApi('/v1/admin/orgs', {
    query: { limit: 200, ...(query ? { q: query } : {}) },
  });
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function changePlan(org: AdminOrg, plan: string, plans: Plan[]) {
    const name = plans.find((p) => p.id === plan)?.name ?? plan;
    setBusy(org.id);
    setStatus(null);
    try {
      await ok(api.PUT('/v1/admin/orgs/{id}/plan', { params: { path: { id: org.id } }, body: { plan } }));
      setStatus({ tone: 'ok', text: `${org.name} is now on the ${name} plan.` });
      await reload();
    } catch (err) {
      setStatus({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setQuery(String(new FormData(e.currentTarget).get('q') ?? '').trim());
  }

  const head = (
    <PageHead
      title="Admin"
      description="Every organization on this install, its usage this month and its plan. Plan changes are written to that organization’s audit log."
    />
  );
  if (loading && !data)
    return (
      <>
        {head}
        <Spinner label="Loading organizations" />
      </>
    );
  if (!data)
    return (
      <>
        {head}
        <Alert tone="error">{errorMessage(error)}</Alert>
      </>
    );

  const defaultName = data.plans.find((p) => p.id === data.defaultPlan)?.name ?? data.defaultPlan;
  return (
    <>
      {head}
      <div className="stack">
        <Card>
          <h2>Plans</h2>
          <p className="muted" style={{ marginTop: 0 }}>
            New organizations start on <strong>{defaultName}</strong> (<code>BMM_DEFAULT_PLAN</code>).
          </p>
          <div className="plan-grid">
            {data.plans.map((p) => (
              <div
                key={p.id}
                className="plan-option"
                data-current={p.id === data.defaultPlan ? 'true' : 'false'}
              >
                <strong>{p.name}</strong> {p.id === data.defaultPlan && <Pill tone="accent">default</Pill>}
                <ul className="small">
                  <li>{number(p.servers)} servers</li>
                  <li>{number(p.members)} members</li>
                  <li>{number(p.toolCallsPerMonth)} tool calls a month</li>
                </ul>
              </div>
            ))}
          </div>
        </Card>
        <Card>
          <div className="row" style={{ justifyContent: 'space-between', alignItems: 'flex-end' }}>
            <h2 style={{ margin: 0 }}>Organizations in {formatMonth(data.month)}</h2>
            <form
              onSubmit={search}
              className="row"
              aria-label="Search organizations"
              style={{ alignItems: 'flex-end' }}
            >
              <Input label="Search by name or member email" name="q" type="search" defaultValue={query} />
              <div className="field">
                <button type="submit" className="btn btn-secondary">
                  Search
                </button>
              </div>
            </form>
          </div>
          <p className="small muted" data-testid="admin-count">
            {data.total === data.orgs.length
              ? `${number(data.total)} organization${data.total === 1 ? '' : 's'}${query ? ` matching “${query}”` : ''}.`
              : `Showing the newest ${number(data.orgs.length)} of ${number(data.total)}; search to narrow.`}
          </p>
          {status && <Alert tone={status.tone}>{status.text}</Alert>}
          <Table caption="Organizations" stacked>
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Tool calls</th>
                <th scope="col">Servers</th>
                <th scope="col">Members</th>
                <th scope="col">Plan</th>
              </tr>
            </thead>
            <tbody>
              {data.orgs.map((o) => (
                <tr key={o.id} data-testid="admin-org" data-org={o.name}>
                  <td data-label="Organization">
                    <strong>{o.name}</strong>
                    <div className="small muted">
                      {o.ownerEmail ?? 'no owner'} · since {formatDate(o.createdAt)}
                    </div>
                  </td>
                  <td data-label="Tool calls">
                    <UsageCell used={o.usage.toolCalls} limit={o.limits.toolCallsPerMonth} />
                  </td>
                  <td data-label="Servers">
                    <UsageCell used={o.usage.servers} limit={o.limits.servers} />
                  </td>
                  <td data-label="Members">
                    <UsageCell used={o.usage.members} limit={o.limits.members} />
                  </td>
                  <td data-label="Plan">
                    <select
                      className="select"
                      style={{ width: 'auto' }}
                      aria-label={`Plan of ${o.name}`}
                      value={o.plan}
                      disabled={busy === o.id}
                      onChange={(e) => void changePlan(o, e.target.value, data.plans)}
                    >
                      {data.plans.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                      {!data.plans.some((p) => p.id === o.plan) && <option value={o.plan}>{o.plan}</option>}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </>
  );
}
