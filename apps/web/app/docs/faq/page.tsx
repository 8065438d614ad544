import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'FAQ' };

const FAQ: { q: string; a: React.ReactNode }[] = [
  {
    q: 'Which clients work?',
    a: 'Any client that supports remote MCP servers with OAuth: Claude (Desktop, Code, claude.ai), Cursor, VS Code, ChatGPT, Windsurf, the MCP SDKs. For clients that only speak stdio, use mcp-remote — the server page has a snippet for each.',
  },
  {
    q: 'Do I have to paste a token anywhere?',
    a: (
      <>
        No. The client discovers the authorization server, registers itself and opens the consent page. See
        the <Link href="/docs/oauth">OAuth walkthrough</Link>.
      </>
    ),
  },
  {
    q: 'Who can use my server?',
    a: 'Depending on its visibility: members of your organization (default), any signed-in user (public), or a list of email addresses (allowlist). Everyone still signs in and approves the client.',
  },
  {
    q: 'Where are my API keys for upstream services stored?',
    a: 'Encrypted with AES-256-GCM under the platform master key, bound to the server and the secret name. They are never shown again, never logged and never sent to clients; only that server’s tools receive them.',
  },
  {
    q: 'What happens when a build fails?',
    a: 'Nothing changes for clients: the previous version keeps serving. The log shows which step and which tool example failed.',
  },
  {
    q: 'How do I undo a change?',
    a: 'On the server page, Versions → Roll back. The runners switch to that version within a second.',
  },
  {
    q: 'How do I disconnect a client?',
    a: 'On the server page, Connected clients → Revoke. Its refresh tokens stop working immediately and its access tokens are refused by every runner within seconds.',
  },
  {
    q: 'Can I run it myself?',
    a: (
      <>
        Yes — it is the same software. See <Link href="/docs/self-hosting">Self-hosting</Link>.
      </>
    ),
  },
  {
    q: 'Is there a limit on tool calls?',
    a: (
      <>
        Per plan and month; see <Link href="/pricing">Pricing</Link> and your usage under Settings → Plan
        &amp; usage. On a self-hosted install organizations start on the Self-hosted plan (no practical
        limits) unless the operator sets <code>BMM_DEFAULT_PLAN</code>.
      </>
    ),
  },
  {
    q: 'Who changes an organization’s plan?',
    a: (
      <>
        An instance admin: the first account created on the install, and the verified addresses listed in{' '}
        <code>BMM_ADMIN_EMAILS</code>. They see every organization with its usage this month on the Admin page
        and pick its plan there; the change is written to that organization’s audit log. There is no billing
        yet.
      </>
    ),
  },
];

export default function FaqPage() {
  return (
    <>
      <h1>Frequently asked questions</h1>
      {FAQ.map((item) => (
        <section key={item.q}>
          <h2 style={{ fontSize: '1.1rem' }}>{item.q}</h2>
          <p>{item.a}</p>
        </section>
      ))}
    </>
  );
}
