import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'MCP concepts' };

export default function ConceptsPage() {
  return (
    <>
      <h1>MCP concepts</h1>
      <p>
        The <a href="https://modelcontextprotocol.io">Model Context Protocol</a> lets an AI application (the{' '}
        <em>client</em>: Claude, Cursor, VS Code, ChatGPT…) use capabilities a <em>server</em> offers. This
        platform hosts servers for you.
      </p>
      <h2>Tools, resources, prompts</h2>
      <ul>
        <li>
          <strong>Tools</strong> are functions the model may call: a name, a description the model reads, a
          JSON Schema for the arguments and, optionally, an output schema and hints (<code>readOnlyHint</code>
          , <code>destructiveHint</code>, <code>idempotentHint</code>, <code>openWorldHint</code>) clients use
          to decide when to ask you first.
        </li>
        <li>
          <strong>Resources</strong> are documents the client can read (static text here).
        </li>
        <li>
          <strong>Prompts</strong> are message templates a person can pick in the client.
        </li>
      </ul>
      <h2>Remote servers and Streamable HTTP</h2>
      <p>
        Hosted servers speak MCP over <em>Streamable HTTP</em>: JSON-RPC messages are POSTed to one URL,{' '}
        <code>RUNNER_URL/&lt;slug&gt;/mcp</code>, and answered with JSON or an event stream. The runner
        supports the current protocol revision (2026-07-28, stateless, with <code>server/discover</code>) and
        serves clients of the 2025 revisions (<code>initialize</code> handshake) statelessly too.
      </p>
      <h2>Authorization</h2>
      <p>
        Every hosted server is an OAuth 2.1 <em>protected resource</em>. Its URL is also its identity: an
        access token is issued for exactly one server (the token’s audience), so a token for one server never
        opens another. Clients find the authorization server through the server’s protected-resource metadata
        (RFC 9728) and register themselves — see the <Link href="/docs/oauth">OAuth walkthrough</Link>.
      </p>
      <h2>How a server gets built</h2>
      <ol>
        <li>
          <strong>validate</strong> — the spec against the ServerSpec schema, templates and secret references;
        </li>
        <li>
          <strong>compile</strong> — code tools in QuickJS (WebAssembly), never in Node itself;
        </li>
        <li>
          <strong>test</strong> — every tool example in the sandbox with its mocked upstream response;
        </li>
        <li>
          <strong>package</strong> and <strong>publish</strong> — the normalized spec and its hash become an
          immutable version;
        </li>
        <li>
          <strong>deploy</strong> — the server’s current version switches; runners learn of it at once;
        </li>
        <li>
          <strong>verify</strong> — the runner lists the tools of that version.
        </li>
      </ol>
      <p>
        Any later change (new spec, rollback, secret change) produces a new build or takes effect immediately;
        the runners never serve a half-built version.
      </p>
      <h2>Organizations</h2>
      <p>
        Servers belong to an organization. Members (owner, admin, member) manage them; who may <em>use</em> a
        server through OAuth depends on its visibility: <code>org</code> (members only), <code>public</code>{' '}
        (any signed-in user) or <code>allowlist</code> (listed email addresses).
      </p>
    </>
  );
}
