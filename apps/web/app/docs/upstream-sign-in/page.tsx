import type { Metadata } from 'next';
import Link from 'next/link';
import { CodeBlock, CopyField } from '@/components/client';
import { publicUrls } from '@/lib/public-urls';
import { UPSTREAM_PRESET_ROWS } from '@/lib/upstream-presets';

export const metadata: Metadata = { title: 'Upstream sign-in' };

const SPEC = `{
  "upstreams": [{
    "id": "github",
    "name": "GitHub",
    "preset": "github",
    "scopes": ["repo", "read:user"],
    "clientIdSecret": "GITHUB_CLIENT_ID",
    "clientSecretSecret": "GITHUB_CLIENT_SECRET"
  }],
  "secrets": [
    { "name": "GITHUB_CLIENT_ID", "description": "Client ID of your GitHub OAuth app", "required": false },
    { "name": "GITHUB_CLIENT_SECRET", "description": "Client secret of your GitHub OAuth app", "required": false }
  ],
  "tools": [{
    "name": "create_issue",
    "upstreamScopes": { "github": ["repo"] },
    "impl": {
      "kind": "http",
      "method": "POST",
      "url": "https://api.github.com/repos/{{input.owner}}/{{input.repo}}/issues",
      "headers": { "Authorization": "Bearer {{upstream.github.accessToken}}" },
      "body": { "title": "{{input.title}}" }
    }
  }]
}`;

const CODE = `export default async function (input, ctx) {
  const github = await ctx.upstream('github');
  // { accessToken, tokenType, expiresAt, scopes, account: { id, label } }
  const res = await ctx.fetch('https://api.github.com/user', {
    headers: { authorization: \`Bearer \${github.accessToken}\` },
  });
  return res.json();
}`;

const SEQUENCE = `MCP client        Our AS (consent)           Provider (GitHub)         Runner
    |  /authorize + PKCE  |                           |                       |
    |-------------------->|  consent page: "You will sign in to GitHub"      |
    |                     |  person approves          |                       |
    |                     |-- authorize + PKCE S256 ->|  person signs in      |
    |                     |   state bound to the      |                       |
    |                     |   interaction + upstream  |                       |
    |                     |<-- /upstream/callback ----|                       |
    |                     |-- code + verifier ------->|                       |
    |                     |<-- access/refresh token --|                       |
    |                     |  sealed in the vault      |                       |
    |<-- our code + state |  (AES-256-GCM, AAD)       |                       |
    |-- /token ---------->|                           |                       |
    |<-- our access token |                           |                       |
    |-- tools/call (our token) ------------------------------------------->|
    |                     |                           |<-- person's token ----|
    |                     |                           |--- answer ----------->|
    |<-- result -----------------------------------------------------------|`;

export default async function UpstreamSignInPage() {
  const u = await publicUrls();
  const issuer = u.issuer.replace(/\/+$/, '');
  const redirectUri = `${issuer}/upstream/callback`;
  return (
    <>
      <h1>Upstream sign-in</h1>
      <p>
        A server built for GitHub, Google, Slack, Notion or Linear should act as <em>the person using it</em>,
        not as whoever created it. With upstream sign-in, each person who connects an MCP client signs in to
        the provider once, in the same browser flow as the consent page, and every tool call from then on runs
        with that person’s own token: refreshed when it expires, revocable by them, never shown to anyone.
      </p>

      <h2>Two roles</h2>
      <ul>
        <li>
          <strong>Authorization server for MCP clients.</strong> As for every hosted server, our AS issues the
          client its own access token (audience: this one server). See the{' '}
          <Link href="/docs/oauth">OAuth 2.1 flow</Link>.
        </li>
        <li>
          <strong>OAuth client of the upstream API.</strong> The server is also a client of the provider: it
          runs the authorization-code flow with PKCE at the provider and keeps each person’s provider tokens
          in an encrypted vault, keyed by person, server and upstream.
        </li>
      </ul>
      <p>
        The two never mix: the MCP client’s token is never sent to the provider, and the provider’s token
        never reaches the MCP client, the browser, a log, a build log, an audit event or an error message.
      </p>

      <h2>The flow</h2>
      <figure style={{ margin: 0 }}>
        <div
          className="code-block"
          role="img"
          aria-label="Sequence diagram of the flow, described in the list below"
        >
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the wide diagram scrolls; a keyboard must reach it */}
          <pre tabIndex={0}>
            <code>{SEQUENCE}</code>
          </pre>
        </div>
        <figcaption className="small muted">The first connection of a person, with one upstream.</figcaption>
      </figure>
      <ol>
        <li>
          The MCP client starts the authorization (PKCE, resource) and the browser lands on our consent page.
        </li>
        <li>
          The consent page lists the providers the person will sign in to, with their scopes (“You will sign
          in to GitHub (repo, read:user)”), and marks the ones already connected.
        </li>
        <li>
          On Approve, for each provider without a live sign-in (or with too few scopes), the AS sends the
          browser to the provider’s authorization endpoint with PKCE S256 and a <code>state</code> bound on
          our side to this interaction and upstream. The provider sends the browser back to the one
          platform-wide redirect URI.
        </li>
        <li>
          The AS exchanges the code (checking RFC 9207 <code>iss</code> when the provider sends it), seals the
          tokens in the vault and continues with the next provider, or back to the MCP client with our code. A
          denial at the provider ends in <code>access_denied</code> to the MCP client.
        </li>
        <li>
          On each tool call the runner looks up the token of <em>(person, server, upstream)</em>, refreshes it
          shortly before it expires (within 60 seconds, or at half the lifetime of short-lived tokens), and
          fills <code>{'{{upstream.github.accessToken}}'}</code>. Without a usable token the call answers with
          a link to sign in again (URL elicitation where the client supports it).
        </li>
      </ol>

      <h2>In the ServerSpec</h2>
      <p>
        Declare the upstream, the two secrets that hold your OAuth app’s credentials, and use the token in
        tools. <code>upstreamScopes</code> names what a tool needs beyond the base scopes; the sign-in asks
        for the base scopes plus every tool’s, so one sign-in covers the server, and a new version that needs
        more asks each person to reconnect with the wider set.
      </p>
      <CodeBlock language="json" code={SPEC} />
      <p>Code tools ask for the token themselves:</p>
      <CodeBlock language="javascript" code={CODE} />
      <p>
        The wizard drafts this for GitHub, Google Calendar, Slack, Notion and Linear prompts, and for OpenAPI
        documents whose <code>securitySchemes</code> use the OAuth 2.0 authorization-code flow (per-operation
        scopes become <code>upstreamScopes</code>). In step 2 you may switch a provider to a personal token
        instead (GitHub, Slack, Notion, Linear, GitLab): then every person acts as the token’s owner.
      </p>

      <h2>Setting up a GitHub OAuth app</h2>
      <p>The redirect URI of this platform (the same for every server):</p>
      <p>
        <CopyField value={redirectUri} />
      </p>
      <ol>
        <li>
          On GitHub open <strong>Settings → Developer settings → OAuth Apps → New OAuth App</strong> (for an
          organization: the organization’s settings, same path).
        </li>
        <li>
          <strong>Application name</strong>: what people see when they sign in (for example your server’s
          name). <strong>Homepage URL</strong>: <code>{u.web}</code>.
        </li>
        <li>
          <strong>Authorization callback URL</strong>: the redirect URI above, exactly. Leave “Enable Device
          Flow” off.
        </li>
        <li>
          Register the application, copy the <strong>Client ID</strong>, then{' '}
          <strong>Generate a new client secret</strong> and copy it (GitHub shows it once).
        </li>
        <li>
          On your server’s page open <strong>Upstream sign-in</strong>, paste both into the Client ID and
          Client secret fields and save. They are stored as the server secrets <code>GITHUB_CLIENT_ID</code>{' '}
          and <code>GITHUB_CLIENT_SECRET</code>, encrypted, and never shown again.
        </li>
        <li>
          Press <strong>Test sign-in</strong>: it runs the sign-in for yourself and ends on “Signed in to
          GitHub”. Your account then appears under Settings → Connected accounts.
        </li>
      </ol>
      <p>
        The other providers work the same way; the table links to where each one creates OAuth apps. An
        operator may configure a platform-wide app per provider (<code>UPSTREAM_GITHUB_CLIENT_ID</code> /{' '}
        <code>UPSTREAM_GITHUB_CLIENT_SECRET</code>, see <Link href="/docs/self-hosting">Self-hosting</Link>);
        servers that bring no credentials of their own then use it, which is why the drafted credentials
        secrets are optional.
      </p>

      <h2>Presets</h2>
      <p>
        A preset carries a provider’s endpoints and quirks, so a spec needs only <code>"preset"</code>. Any
        other provider works with <code>issuer</code> (RFC 8414 / OpenID discovery) or explicit{' '}
        <code>authorizationUrl</code> and <code>tokenUrl</code>.
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">Upstream presets</caption>
          <thead>
            <tr>
              <th scope="col">Preset</th>
              <th scope="col">Endpoints</th>
              <th scope="col">Revocation</th>
              <th scope="col">Scopes joined by</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {UPSTREAM_PRESET_ROWS.map((p) => (
              <tr key={p.preset}>
                <td>
                  <code>{p.preset}</code>
                  <div className="small">
                    <a href={p.appSettingsUrl} rel="noopener noreferrer">
                      {p.label} apps
                    </a>
                  </div>
                </td>
                <td className="small">
                  <div>
                    <code>{p.authorizationUrl}</code>
                  </div>
                  <div>
                    <code>{p.tokenUrl}</code>
                  </div>
                </td>
                <td className="small">{p.revocationUrl ? 'RFC 7009' : 'none (local delete)'}</td>
                <td className="small">{p.scopeSeparator === ',' ? 'comma' : 'space'}</td>
                <td className="small">{p.notes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Security properties</h2>
      <ul>
        <li>
          <strong>PKCE S256</strong> on every authorization request to the provider, and a fresh{' '}
          <code>state</code> stored hashed on our side and bound to the person, the interaction and the
          upstream; a callback with an unknown, used or expired state is refused. One exact redirect URI for
          the platform.
        </li>
        <li>
          <strong>Encrypted at rest.</strong> Access and refresh tokens are sealed with AES-256-GCM under the
          platform master key, with associated data naming person, server, upstream and token kind, so a
          ciphertext copied to another row never decrypts.
        </li>
        <li>
          <strong>Refresh once.</strong> A token about to expire is refreshed under a row lock, so concurrent
          calls on any number of runners refresh it once and reuse the new token; a rotated refresh token is
          stored.
        </li>
        <li>
          <strong>No passthrough.</strong> The MCP client’s token is checked by the runner and never sent
          upstream; the provider’s token never reaches an MCP client, a browser, a log, audit metadata, a
          build log, a usage row or an error message. Builds test tools with a stand-in token.
        </li>
        <li>
          <strong>Revocation.</strong> Disconnecting under{' '}
          <Link href="/settings/connected-accounts">Settings → Connected accounts</Link>, removing a member or
          deleting the server revokes the token at the provider (RFC 7009, where it has an endpoint) and
          deletes our copy; the next call asks the person to sign in again. Connect, refresh failures and
          disconnects are audit events without token material.
        </li>
        <li>
          <strong>Export.</strong> A standalone export cannot carry the vault and the callback, so servers
          with upstream sign-in are refused by the export instead of exported without it.
        </li>
      </ul>
    </>
  );
}
