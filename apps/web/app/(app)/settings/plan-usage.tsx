'use client';

import Link from 'next/link';
import { useMe } from '@/components/app-shell';
import { Alert, Card, formatMonth, Pill } from '@/components/ui';
import type { OrgDetails } from './org-details';

const number = (n: number) => n.toLocaleString('en');

function Meter({ label, used, limit }: { label: string; used: number; limit: number }) {
  const pct = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  return (
    <div className="field">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span className="label">{label}</span>
        <span className="small muted">
          {number(used)} of {number(limit)}
        </span>
      </div>
      <meter
        min={0}
        max={limit}
        value={used}
        low={limit * 0.7}
        high={limit * 0.9}
        optimum={0}
        style={{ width: '100%' }}
        aria-label={`${label}: ${number(used)} of ${number(limit)} (${pct}%)`}
      >
        {pct}%
      </meter>
    </div>
  );
}

/** This month's real numbers against the plan, what each plan allows, and how to change plan. */
export function PlanUsage({ org }: { org: OrgDetails }) {
  const { me } = useMe();
  const month = formatMonth(org.usage.month);
  const current = org.plans.find((p) => p.id === org.org.plan);
  return (
    <Card data-testid="plan-usage" aria-labelledby="plan-usage-title">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="plan-usage-title">Plan &amp; usage</h2>
        <Pill tone="accent">{org.limits.name} plan</Pill>
      </div>
      <p className="muted" style={{ marginTop: 0 }}>
        {org.org.name} in {month}: {number(org.usage.toolCalls)} tool calls, {number(org.usage.servers)}{' '}
        servers, {number(org.usage.members)} members.
      </p>
      <div className="grid-2">
        <Meter
          label={`Tool calls in ${month}`}
          used={org.usage.toolCalls}
          limit={org.limits.toolCallsPerMonth}
        />
        <Meter label="Servers" used={org.usage.servers} limit={org.limits.servers} />
        <Meter label="Members" used={org.usage.members} limit={org.limits.members} />
      </div>
      <h3>What each plan allows</h3>
      <div className="plan-grid">
        {org.plans.map((p) => (
          <div
            key={p.id}
            className="plan-option"
            data-current={p.id === org.org.plan ? 'true' : 'false'}
            data-plan={p.id}
          >
            <strong>{p.name}</strong> {p.id === org.org.plan && <Pill tone="accent">your plan</Pill>}
            <ul className="small">
              <li>{number(p.servers)} servers</li>
              <li>{number(p.members)} members</li>
              <li>{number(p.toolCallsPerMonth)} tool calls a month</li>
            </ul>
          </div>
        ))}
      </div>
      <h3 style={{ marginTop: 16 }}>Changing plan</h3>
      {org.planChange === 'operator' ? (
        <p data-testid="upgrade-path" style={{ margin: 0 }}>
          This install is self-hosted: its operator sets each organization’s plan.{' '}
          {me.user.instanceAdmin ? (
            <>
              You are an instance admin — change it on the <Link href="/admin">Admin page</Link>.
            </>
          ) : (
            <>Ask your operator (an instance admin of this install) to move {org.org.name} to another plan.</>
          )}
        </p>
      ) : (
        <div data-testid="upgrade-path">
          <Alert tone="info">
            <strong>Billing is not available yet.</strong> Paid plans cannot be bought on this install; there
            is no payment form and nothing is charged. To move {org.org.name} beyond the{' '}
            {current?.name ?? org.limits.name} plan, ask the operator of this install
            {me.user.instanceAdmin ? (
              <>
                {' '}
                — as an instance admin you can do it yourself on the <Link href="/admin">Admin page</Link>
              </>
            ) : null}
            .
          </Alert>
        </div>
      )}
    </Card>
  );
}
