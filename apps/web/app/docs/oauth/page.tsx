import type { Metadata } from 'next';
import { CodeBlock } from '@/components/client';
import { publicUrls } from '@/lib/public-urls';

export const metadata: Metadata = { title: 'OAuth 2.1 flow' };

export default async function OAuthPage() {
  const u = await publicUrls();
  const mcp = `${u.runner}/calculator/mcp`;
  return (
    <>
      <h1>The OAuth 2.1 flow, request by request</h1>
      <p>
        MCP clients do all of this on their own; this page shows what happens underneath, with{' '}
        <code>curl</code>, against this deployment. The example server is <code>{mcp}</code>. It follows the
        MCP authorization specification (revision 2026-07-28, compatible with clients of 2025-06-18 and
        2025-11-25) and RFCs 9728, 8414, 7591/7592, 7636, 8707, 9068, 9207, 7009 and 7662.
      </p>

      <h2>1. The server asks for a token</h2>
      <CodeBlock
        language="shell"
        code={`curl -i -X POST ${mcp} \\
  -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' \\
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'

HTTP/1.1 401 Unauthorized
WWW-Authenticate: Bearer resource_metadata="${u.runner}/.well-known/oauth-protected-resource/calculator/mcp", scope="mcp:tools"

{"error":"invalid_token","error_description":"An access token is required."}`}
      />

      <h2>2. Protected-resource metadata (RFC 9728)</h2>
      <CodeBlock
        language="shell"
        code={`curl -s ${u.runner}/.well-known/oauth-protected-resource/calculator/mcp

{
  "resource": "${mcp}",
  "authorization_servers": ["${u.issuer}"],
  "scopes_supported": ["mcp:tools"],
  "bearer_methods_supported": ["header"],
  "resource_name": "Calculator"
}`}
      />
      <p>
        The <code>resource</code> is the server’s canonical URL. It becomes the <code>aud</code> of every
        token issued for it, so a token for one server is refused by every other.
      </p>

      <h2>3. Authorization-server metadata (RFC 8414)</h2>
      <CodeBlock
        language="shell"
        code={`curl -s ${u.asMetadata}

{
  "issuer": "${u.issuer}",
  "authorization_endpoint": "${u.issuer}/authorize",
  "token_endpoint": "${u.issuer}/token",
  "registration_endpoint": "${u.issuer}/register",
  "revocation_endpoint": "${u.issuer}/revoke",
  "introspection_endpoint": "${u.issuer}/introspect",
  "jwks_uri": "${u.issuer}/jwks",
  "scopes_supported": ["mcp:tools"],
  "response_types_supported": ["code"],
  "grant_types_supported": ["authorization_code", "refresh_token"],
  "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
  "code_challenge_methods_supported": ["S256"],
  "client_id_metadata_document_supported": true,
  "authorization_response_iss_parameter_supported": true,
  "service_documentation": "${u.web}/docs",
  …
}`}
      />
      <p>
        The same document is served at the OpenID discovery path (
        <code>/.well-known/openid-configuration</code>) and, when the issuer has a path, at{' '}
        <code>&lt;issuer&gt;/.well-known/oauth-authorization-server</code>.
      </p>

      <h2>4. Register the client</h2>
      <p>
        With dynamic client registration (RFC 7591). Redirect URIs must be https, http on a loopback address
        (any port) or a private-use scheme such as <code>claude://</code>; they are matched exactly later.
      </p>
      <CodeBlock
        language="shell"
        code={`curl -s -X POST ${u.issuer}/register -H 'content-type: application/json' -d '{
  "client_name": "My script",
  "redirect_uris": ["http://127.0.0.1:8765/callback"],
  "grant_types": ["authorization_code", "refresh_token"],
  "response_types": ["code"],
  "token_endpoint_auth_method": "none"
}'

HTTP/1.1 201 Created
{
  "client_id": "bmm_…",
  "client_id_issued_at": 1795000000,
  "registration_access_token": "bmm_rat_…",
  "registration_client_uri": "${u.issuer}/register/bmm_…",
  "client_name": "My script",
  "redirect_uris": ["http://127.0.0.1:8765/callback"],
  "grant_types": ["authorization_code", "refresh_token"],
  "response_types": ["code"],
  "token_endpoint_auth_method": "none"
}`}
      />
      <p>
        Alternatively a client can use a <strong>Client ID Metadata Document</strong>: its{' '}
        <code>client_id</code> is an HTTPS URL that serves its metadata (naming itself as{' '}
        <code>client_id</code>). Nothing to register; the consent screen then shows the document’s host name.
        Registrations unused for 30 days are removed.
      </p>

      <h2>5. PKCE and the authorization request</h2>
      <CodeBlock
        language="shell"
        code={`verifier=$(openssl rand -base64 48 | tr -d '=+/\\n' | cut -c1-64)
challenge=$(printf %s "$verifier" | openssl dgst -sha256 -binary | openssl base64 | tr '+/' '-_' | tr -d '=\\n')

open "${u.issuer}/authorize?response_type=code&client_id=$CLIENT_ID\\
&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback\\
&code_challenge=$challenge&code_challenge_method=S256&state=af0ifjsldkj\\
&scope=mcp%3Atools&resource=${encodeURIComponent(mcp)}"`}
      />
      <p>
        PKCE with <code>S256</code> and the <code>resource</code> parameter are required. The authorization
        server checks the client, the redirect URI and the resource, then sends the browser to{' '}
        <code>{u.web}/oauth/consent?interaction=…</code>. You sign in if needed and see who is asking: the
        client’s name, where it redirects, the server and its organization, the tools and scopes. Approve, and
        the browser goes to:
      </p>
      <CodeBlock
        code={`http://127.0.0.1:8765/callback?code=…&state=af0ifjsldkj&iss=${encodeURIComponent(u.issuer)}`}
      />
      <p>
        Check that <code>iss</code> is the issuer you started with (RFC 9207). Deny, and you get{' '}
        <code>error=access_denied</code> instead. A client you already approved for the same server and scopes
        skips the consent screen (but never the sign-in).
      </p>

      <h2>6. Exchange the code</h2>
      <CodeBlock
        language="shell"
        code={`curl -s -X POST ${u.issuer}/token \\
  -d grant_type=authorization_code -d code=$CODE -d client_id=$CLIENT_ID \\
  -d redirect_uri=http://127.0.0.1:8765/callback -d code_verifier=$verifier \\
  -d resource=${mcp}

{
  "access_token": "eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ii4uLiJ9…",
  "token_type": "Bearer",
  "expires_in": 3600,
  "refresh_token": "…",
  "scope": "mcp:tools"
}`}
      />
      <p>
        Codes live 60 seconds and work once; a reused code revokes every token issued from it. The access
        token is a JWT signed with ES256 (or RS256 when the operator sets{' '}
        <code>OAUTH_ACCESS_TOKEN_ALG=RS256</code>; the JWKS publishes keys of both) (RFC 9068, header{' '}
        <code>typ: at+jwt</code>) whose claims are:
      </p>
      <CodeBlock
        language="json"
        code={`{
  "iss": "${u.issuer}",
  "sub": "<your user id>",
  "aud": "${mcp}",
  "client_id": "bmm_…",
  "scope": "mcp:tools",
  "iat": 1795000000,
  "exp": 1795003600,
  "jti": "…"
}`}
      />

      <h2>7. Call the server</h2>
      <CodeBlock
        language="shell"
        code={`curl -s -X POST ${mcp} -H "authorization: Bearer $ACCESS_TOKEN" \\
  -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' \\
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`}
      />
      <p>
        A tool that needs more scopes than the token carries answers <code>403</code> with{' '}
        <code>error="insufficient_scope"</code> and the scopes to ask for (step-up). Your token is never
        forwarded to upstream APIs; tools use the server’s own secrets.
      </p>

      <h2>8. Refresh and revoke</h2>
      <CodeBlock
        language="shell"
        code={`# a new pair; the old refresh token stops working (replaying it revokes the whole family)
# errors are RFC 6749 JSON, e.g. {"error":"invalid_grant","error_description":"…"}
curl -s -X POST ${u.issuer}/token -d grant_type=refresh_token -d refresh_token=$REFRESH_TOKEN -d client_id=$CLIENT_ID

# revoke (RFC 7009): a refresh token ends its family, an access token is denylisted on every runner within seconds
curl -s -X POST ${u.issuer}/revoke -d token=$ACCESS_TOKEN -d client_id=$CLIENT_ID`}
      />
      <p>
        Server owners can also disconnect a client from the server page (Connected clients → Revoke): its
        refresh tokens die and its access tokens are denylisted.
      </p>
    </>
  );
}
