import type { Metadata } from 'next';
import { Card, LinkButton } from '@/components/ui';

export const metadata: Metadata = { title: 'Pricing' };

const PLANS = [
  {
    name: 'Free',
    price: '$0',
    per: 'forever',
    items: [
      '5 servers',
      '5 members',
      '10,000 tool calls a month',
      'OAuth 2.1 for every server',
      'Community support',
    ],
    cta: { href: '/signup', label: 'Start free' },
  },
  {
    name: 'Team',
    price: '$49',
    per: 'per organization / month',
    items: ['50 servers', '50 members', '1,000,000 tool calls a month', 'Audit log export', 'Email support'],
    cta: { href: '/signup', label: 'Start with Free, upgrade later' },
  },
  {
    name: 'Self-hosted',
    price: '$0',
    per: 'your infrastructure',
    items: [
      'Unlimited servers and members',
      'The same software, one Postgres',
      'Your own master key',
      'Kubernetes manifests included',
    ],
    cta: { href: '/docs/self-hosting', label: 'Read the guide' },
  },
];

export default function PricingPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Pricing</h1>
          <p>Start free. Every plan includes hosting, OAuth, encrypted secrets, versions and rollback.</p>
        </div>
      </div>
      <div className="grid-3">
        {PLANS.map((p) => (
          <Card key={p.name}>
            <h2>{p.name}</h2>
            <div className="price">{p.price}</div>
            <p className="muted small">{p.per}</p>
            <ul>
              {p.items.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
            <LinkButton href={p.cta.href} variant={p.name === 'Free' ? 'primary' : 'secondary'}>
              {p.cta.label}
            </LinkButton>
          </Card>
        ))}
      </div>
      <p className="muted small" style={{ marginTop: 20 }} data-testid="billing-note">
        Paid plans are not on sale yet: this software has no billing, and nothing asks for a card. On a
        self-hosted install its operator sets each organization’s plan (Admin page); everyone sees their plan
        and this month’s usage under Settings → Plan &amp; usage.
      </p>
      <p className="muted small">
        Tool calls count every <code>tools/call</code> a runner executes for your organization, successful or
        not. Usage resets on the first of each month (UTC).
      </p>
    </>
  );
}
