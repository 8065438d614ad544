import type { Metadata } from 'next';
import { CodeBlock } from '@/components/client';

export const metadata: Metadata = { title: 'Self-hosting' };

const VARS: [string, string, string][] = [
  [
    'BMM_MASTER_KEY',
    'all services',
    'AES-256-GCM master key, 32 random bytes in base64 (openssl rand -base64 32). Required.',
  ],
  [
    'DATABASE_URL',
    'api, oauth-as, builder, runner',
    'Postgres connection URL (one database for every service).',
  ],
  ['WEB_URL', 'all', 'Public URL of the web app (consent page, links).'],
  ['API_URL', 'all', 'Public URL of the REST API.'],
  ['OAUTH_ISSUER', 'all', 'Issuer identifier; may carry a path (https://example.com/oauth).'],
  ['BUILDER_URL', 'all', 'Public URL of the builder (build-log WebSocket).'],
  ['RUNNER_URL', 'all', 'Public URL of the runner; servers live at RUNNER_URL/<slug>/mcp.'],
  ['API_INTERNAL_URL', 'web', 'Where the web server reaches the API (defaults to API_URL).'],
  [
    'OAUTH_INTERNAL_URL',
    'web',
    'Origin where the web server reaches oauth-as (defaults to the issuer’s origin).',
  ],
  ['ANTHROPIC_API_KEY', 'api', 'Enables the Claude planner; without it the offline planner drafts.'],
  [
    'TRUST_PROXY',
    'api',
    'Trust X-Forwarded-For from your reverse proxy and the web app (which forwards it): without it every browser request seems to come from the web server, for rate limits and audit IPs alike.',
  ],
];

export default function SelfHostingPage() {
  return (
    <>
      <h1>Self-hosting</h1>
      <p>
        The platform is five small Node.js services and one Postgres. Everything in this hosted version runs
        the same way on your machine.
      </p>
      <h2>On one machine</h2>
      <p>
        Needs Node.js 20.19 or newer. Postgres is embedded (kept in <code>.data/</code>) unless you set{' '}
        <code>DATABASE_URL</code>.
      </p>
      <CodeBlock
        language="shell"
        code={`git clone <this repository> && cd buildmymcpserver
npm i -g pnpm@10 && pnpm install
pnpm start          # web :3000, api :4000, oauth-as :4001, builder :4002, runner :4100`}
      />
      <p>
        <code>pnpm start</code> generates a master key into <code>.data/master.key</code> (mode 0600) on the
        first run, applies migrations, builds the web app once and prints every URL. Ctrl-C stops everything;
        data stays.
      </p>
      <h2>Services</h2>
      <ul>
        <li>
          <strong>web</strong> (Next.js, 3000) — every page; proxies <code>/v1/*</code> to the API and{' '}
          <code>/oauth/*</code> to the authorization server, so browsers only talk to one origin (plus the
          builder’s WebSocket).
        </li>
        <li>
          <strong>api</strong> (4000) — the REST control plane.
        </li>
        <li>
          <strong>oauth-as</strong> (4001) — the OAuth 2.1 authorization server; signing keys are encrypted
          with the master key. Rotate them with <code>pnpm --filter @bmm/oauth-as keys:rotate</code>.
        </li>
        <li>
          <strong>builder</strong> (4002) — claims queued builds with <code>FOR UPDATE SKIP LOCKED</code>; run
          as many as you like.
        </li>
        <li>
          <strong>runner</strong> (4100) — serves every deployed server; stateless, scale it out. Deploys and
          token revocations reach every runner through Postgres <code>LISTEN/NOTIFY</code>.
        </li>
      </ul>
      <h2>Configuration</h2>
      <p>
        Each service reads its environment once and refuses to start with a list of every bad variable. The
        full list is in <code>docs/configuration.md</code>; the important ones:
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Used by</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {VARS.map(([name, by, meaning]) => (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                </td>
                <td className="small">{by}</td>
                <td className="small">{meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Behind one domain</h2>
      <p>
        A typical production layout puts everything behind one reverse proxy (a Caddyfile is in{' '}
        <code>infra/</code>): <code>https://example.com</code> for the web app (which forwards{' '}
        <code>/v1</code> and <code>/oauth</code>), the issuer at <code>https://example.com/oauth</code>, and{' '}
        <code>https://mcp.example.com</code> for the runner. Public URLs are always configuration — the
        services never trust the Host header.
      </p>
      <h2>Backups and keys</h2>
      <p>
        Back up Postgres and the master key, separately. Without the master key the encrypted server secrets
        and signing keys cannot be read. To rotate it, set the new key with a higher{' '}
        <code>BMM_MASTER_KEY_VERSION</code> and keep the old one in <code>BMM_OLD_MASTER_KEYS</code> until
        everything is re-encrypted.
      </p>
    </>
  );
}
