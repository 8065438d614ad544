import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Auth doctor' };

const CHECKS: Array<[string, string, string]> = [
  [
    'challenge',
    'An MCP request without a token gets 401 with a Bearer challenge naming resource_metadata, and no error code (a token-less request was not a rejected token; a warning).',
    'RFC 9728 §5.1, RFC 6750 §3 and §3.1',
  ],
  [
    'resource_metadata',
    'The protected resource metadata answers 200 with JSON (from the challenge, else the well-known URL with the path inserted, then the root).',
    'RFC 9728 §3.1',
  ],
  [
    'resource_identifier',
    'Its resource is exactly the URL you gave: a trailing slash is a different resource; a path prefix is a warning.',
    'RFC 9728 §3.3',
  ],
  [
    'resource_metadata_cors',
    'Browser-based clients may read the metadata (Access-Control-Allow-Origin).',
    'Fetch Standard (CORS)',
  ],
  [
    'authorization_servers',
    'The metadata names an authorization server, over https (http only on loopback).',
    'RFC 9728 §2',
  ],
  [
    'authorization_server_metadata',
    'AS metadata by RFC 8414 with path insertion, then OpenID Connect discovery (inserted, then appended).',
    'RFC 8414 §3.1, OIDC Discovery §4',
  ],
  ['issuer', 'The metadata’s issuer is exactly the authorization server URL.', 'RFC 8414 §3.3'],
  ['pkce_s256', 'code_challenge_methods_supported lists S256.', 'MCP Authorization, RFC 7636'],
  [
    'client_registration',
    'Client ID Metadata Documents or a registration endpoint is offered.',
    'MCP Authorization §Client Registration',
  ],
  [
    'registration_probe',
    'Only when you tick the box: registers a throw-away client and deletes it again (RFC 7592).',
    'RFC 7591 §3.2.1, RFC 7592 §2.3',
  ],
  [
    'iss_parameter',
    'authorization_response_iss_parameter_supported is true (mix-up defence).',
    'RFC 9207 §3',
  ],
  [
    'token_endpoint',
    'The token endpoint is https and refuses a made-up code with an OAuth error JSON.',
    'RFC 6749 §5.2',
  ],
  [
    'rejected_token',
    'A made-up token gets 401 with error="invalid_token" (a 403 would stop clients from refreshing or signing in again).',
    'RFC 6750 §3.1, MCP Authorization §Error Handling',
  ],
  [
    'protocol_eras',
    'A 2026-07-28 server/discover and a 2025 initialize get the same 401 (or both succeed on an open server).',
    'MCP lifecycle',
  ],
  [
    'trailing_slash',
    'The other spelling of the URL (slash toggled) is not a second resource with mismatched metadata.',
    'RFC 9728 §3.3',
  ],
  [
    'origin_validation',
    'A request with a foreign Origin is refused with 403.',
    'MCP Streamable HTTP transport',
  ],
];

export default function DoctorDocsPage() {
  return (
    <>
      <h1>Auth doctor</h1>
      <p>
        The <Link href="/doctor">auth doctor</Link> takes any MCP server URL and walks, request by request,
        the discovery a spec-conformant MCP client does before it can sign in. Each step says <em>pass</em>,{' '}
        <em>warning</em>, <em>fail</em> or <em>skipped</em>, names the clause it checks and keeps the
        evidence: the request, the status, and the headers or fields that decided it. Nothing is stored; a
        link of the form <code>/doctor?url=…</code> runs the check again, so you can share it.
      </p>
      <h2>What it checks</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Step</th>
              <th>Passes when</th>
              <th>Clause</th>
            </tr>
          </thead>
          <tbody>
            {CHECKS.map(([id, what, clause]) => (
              <tr key={id}>
                <td>
                  <code>{id}</code>
                </td>
                <td>{what}</td>
                <td>{clause}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Safety</h2>
      <ul>
        <li>You must be signed in; one network address may run 30 checks a minute.</li>
        <li>
          Every request goes through the platform’s outbound guard: public addresses only (checked after DNS
          resolution), no redirects followed, 5 s and 256 KB per response. This deployment’s own runner is
          always reachable; operators of a private deployment can allow private addresses with{' '}
          <code>ALLOW_PRIVATE_NETWORK=true</code> on the API.
        </li>
        <li>
          Registration is only probed when you ask: it changes the remote server. The throw-away client is
          deleted again through RFC 7592 when the server offers it; its secrets never appear in the report.
        </li>
      </ul>
      <h2>From the API</h2>
      <pre>{`POST /v1/diagnose
{ "url": "https://example.com/mcp", "probeRegistration": false }

→ 200 { "url", "checkedAt", "durationMs",
        "summary": { "pass", "warn", "fail", "skip" },
        "steps": [{ "id", "title", "status", "detail", "clause",
                    "evidence": [{ "request", "status", "headers", "fields"?, "error"? }] }] }`}</pre>
    </>
  );
}
