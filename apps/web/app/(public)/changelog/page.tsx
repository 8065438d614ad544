import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, formatDay } from '@/components/ui';

export const metadata: Metadata = { title: 'Changelog' };

const ENTRIES = [
  {
    date: '2026-11-23',
    title: 'First release',
    items: [
      'The wizard: describe a server or import an OpenAPI document; Claude or the offline planner drafts the tools.',
      'Live builds: validate, compile, test, package, publish, deploy and verify, streamed to the browser.',
      'OAuth 2.1 for every server: dynamic client registration, Client ID Metadata Documents, PKCE, consent, refresh-token rotation, revocation.',
      'MCP protocol revision 2026-07-28, with 2025-era clients served statelessly.',
      'Organizations with roles, invitations, API keys and an audit log.',
      'Encrypted server secrets, versions with rollback, usage per server.',
    ],
  },
];

export default function ChangelogPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Changelog</h1>
          <p>What changed, newest first.</p>
        </div>
      </div>
      {ENTRIES.map((e) => (
        <Card key={e.date}>
          <p className="muted small" style={{ margin: 0 }}>
            <time dateTime={e.date}>{formatDay(e.date)}</time>
          </p>
          <h2>{e.title}</h2>
          <ul>
            {e.items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
          <p style={{ margin: 0 }}>
            Start with the <Link href="/docs">quickstart</Link>.
          </p>
        </Card>
      ))}
    </>
  );
}
