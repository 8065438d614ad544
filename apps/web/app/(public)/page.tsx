import Link from 'next/link';
import { CodeBlock } from '@/components/client';
import { Card, LinkButton } from '@/components/ui';

const FEATURES = [
  {
    title: 'Describe it, get tools',
    body: 'Write what the server should do, or paste an OpenAPI document. Claude (or the offline planner) drafts the tools with JSON input schemas you can edit.',
  },
  {
    title: 'Built and verified live',
    body: 'The builder validates, compiles, tests every tool example in a sandbox, publishes an immutable version and checks the runner serves it — you watch the log stream.',
  },
  {
    title: 'OAuth 2.1, nothing to paste',
    body: 'Every server is a protected resource: discovery, client registration (DCR or metadata documents), PKCE, consent. Clients connect with a URL.',
  },
  {
    title: 'Secrets stay secret',
    body: 'Upstream API keys are encrypted with AES-256-GCM, bound to their server, never shown again and never in logs.',
  },
  {
    title: 'Versions and rollback',
    body: 'Every change is a new version with its own build. Roll back in one click; the runners switch within a second.',
  },
  {
    title: 'Self-host it',
    body: 'One Postgres, five small services: one command on a laptop, or the Kubernetes manifests in production.',
  },
];

export default function LandingPage() {
  return (
    <>
      <section className="hero">
        <h1>Describe an MCP server. Get it hosted, with OAuth.</h1>
        <p>
          BuildMyMCPServer turns a sentence or an OpenAPI document into a remote MCP server that Claude,
          Cursor, VS Code, ChatGPT and every other MCP client can connect to — signed in with OAuth 2.1, no
          tokens to copy.
        </p>
        <div className="row">
          <LinkButton href="/signup">Build a server — free</LinkButton>
          <LinkButton href="/docs" variant="secondary">
            Read the quickstart
          </LinkButton>
        </div>
      </section>
      <div className="grid-3" style={{ marginBottom: 32 }}>
        {FEATURES.map((f) => (
          <Card key={f.title} className="feature">
            <h3>{f.title}</h3>
            <p className="muted" style={{ margin: 0 }}>
              {f.body}
            </p>
          </Card>
        ))}
      </div>
      <Card>
        <h2>Connect from any client</h2>
        <p className="muted">
          Your server lives at a URL like the one below. Add it to your client; it discovers the authorization
          server, registers itself, and opens the consent page for you.
        </p>
        <CodeBlock
          language="shell"
          code="claude mcp add --transport http weather https://mcp.example.com/weather/mcp"
        />
        <p style={{ margin: 0 }}>
          See the <Link href="/docs/oauth">OAuth walkthrough</Link> for every request a client makes.
        </p>
      </Card>
    </>
  );
}
