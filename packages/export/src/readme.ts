import type { ServerSpec } from '@bmm/spec';
import { toolScopes } from '@bmm/spec';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Every variable the exported server reads, for the README and .env.example. */
export function environmentVariables(
  spec: ServerSpec,
): { name: string; required: boolean; description: string }[] {
  return [
    {
      name: 'OAUTH_ISSUER',
      required: true,
      description: 'Issuer of the access tokens this server accepts (exactly as in the `iss` claim).',
    },
    {
      name: 'OAUTH_JWKS_URL',
      required: false,
      description:
        "The issuer's JWKS URL; default: `jwks_uri` from the issuer's metadata (RFC 8414 / OIDC discovery).",
    },
    {
      name: 'RESOURCE_URL',
      required: false,
      description:
        'Public URL of the MCP endpoint (the RFC 8707 resource); default `http://localhost:$PORT/mcp`.',
    },
    {
      name: 'OAUTH_AUDIENCE',
      required: false,
      description: 'Expected `aud` of access tokens; default: RESOURCE_URL.',
    },
    {
      name: 'OAUTH_REQUIRED_SCOPES',
      required: false,
      description: 'Scopes every request needs (space- or comma-separated); default `mcp:tools`.',
    },
    {
      name: 'OAUTH_REQUIRE_AT_JWT',
      required: false,
      description:
        'Require the RFC 9068 `typ: at+jwt` header (`true`); set `false` for servers that issue plain JWTs.',
    },
    { name: 'HOST', required: false, description: 'Interface to listen on; default `0.0.0.0`.' },
    { name: 'PORT', required: false, description: 'Port to listen on; default `8080`.' },
    {
      name: 'ALLOW_PRIVATE_NETWORK',
      required: false,
      description: 'Let tools reach private, loopback and link-local addresses (`true`); default `false`.',
    },
    {
      name: 'TOOL_TIMEOUT_MS',
      required: false,
      description: 'Time limit of one tool call (upstream request or code run); default `30000`.',
    },
    ...spec.secrets.map((s) => ({
      name: s.name,
      required: s.required,
      description: `Secret: ${s.description}${s.howToObtain ? ` (${s.howToObtain})` : ''}`,
    })),
  ];
}

export function envExample(spec: ServerSpec): string {
  return `${environmentVariables(spec)
    .map((v) => `# ${v.description}${v.required ? ' Required.' : ''}\n${v.required ? '' : '# '}${v.name}=`)
    .join('\n\n')}\n`;
}

export function readme(spec: ServerSpec, serverName: string, version: string): string {
  const tools = spec.tools
    .map(
      (t) =>
        `| \`${t.name}\` | ${t.impl.kind} | ${cell(t.description)} | ${toolScopes(t)
          .map((s) => `\`${s}\``)
          .join(' ')} |`,
    )
    .join('\n');
  const vars = environmentVariables(spec)
    .map((v) => `| \`${v.name}\` | ${v.required ? 'yes' : 'no'} | ${cell(v.description)} |`)
    .join('\n');
  return `# ${serverName}

${spec.description}

A standalone MCP server (version ${version} of \`${spec.slug}\`), exported from BuildMyMCPServer. It serves
the same tools over MCP Streamable HTTP (stateless) with the official MCP TypeScript SDK, and accepts
OAuth 2.1 access tokens from any authorization server that issues JWT access tokens (RFC 9068) —
BuildMyMCPServer's own, or Auth0, Keycloak, Okta, Entra ID and others.

## Tools

| tool | kind | description | scopes |
|---|---|---|---|
${tools}

\`http\` tools render their request from the templates in \`spec.json\` (\`{{input.x}}\`, \`{{secrets.NAME}}\`).
\`code\` tools run in a QuickJS (WebAssembly) sandbox with a time, memory and stack limit; \`ctx.fetch\`
reaches only the hosts listed in \`allowedHosts\` of \`spec.json\`, and \`ctx.secrets\` holds the secrets below.
The spec's resources and prompts (if any) are served as well.

\`src/platform/\` is the hosted platform's own code, copied unchanged when this project was exported:
the template renderer and the JSON Schema validator (every \`pattern\` runs on RE2, in linear time),
the http tool (templated path segments are percent-encoded; an input that would make a \`.\` or \`..\`
segment is refused) and the outbound guard (no private, loopback, link-local, reserved, documentation
or NAT64-mapped private addresses unless \`ALLOW_PRIVATE_NETWORK=true\`; redirects re-checked per hop).

## Run it

\`\`\`sh
npm install
cp .env.example .env     # fill in OAUTH_ISSUER, RESOURCE_URL and the secrets
node --env-file=.env --import tsx src/server.ts
\`\`\`

Or with Docker:

\`\`\`sh
docker build -t ${spec.slug}-mcp .
docker run --env-file .env -p 8080:8080 ${spec.slug}-mcp
\`\`\`

The MCP endpoint is \`RESOURCE_URL\` (default \`http://localhost:8080/mcp\`); \`GET /healthz\` answers
\`{"status":"ok"}\`.

## Configuration

| variable | required | meaning |
|---|---|---|
${vars}

## Authorization

Every request to the MCP endpoint needs \`Authorization: Bearer <access token>\`. The token must be a JWT
signed by a key in the issuer's JWKS, with \`iss\` = \`OAUTH_ISSUER\`, \`aud\` = \`OAUTH_AUDIENCE\` (the
resource URL), an unexpired \`exp\` and the scopes above (\`scope\` claim, space-separated). Without a
valid token the server answers \`401\` with a challenge that points clients at its protected-resource
metadata (RFC 9728), which names the authorization server:

\`\`\`sh
curl -i -X POST http://localhost:8080/mcp
# HTTP/1.1 401 Unauthorized
# WWW-Authenticate: Bearer error="invalid_token", ..., resource_metadata="http://localhost:8080/.well-known/oauth-protected-resource/mcp"
curl http://localhost:8080/.well-known/oauth-protected-resource/mcp
\`\`\`

Use it with any authorization server that issues JWT access tokens: register this server's
\`RESOURCE_URL\` there as an API (audience), allow the scopes above, and set \`OAUTH_ISSUER\` (and
\`OAUTH_JWKS_URL\` if its metadata is not at a well-known location; \`OAUTH_REQUIRE_AT_JWT=false\`
if it does not mark tokens \`typ: at+jwt\`). BuildMyMCPServer's authorization server issues tokens
only for the servers it hosts: with it, serve this project at the hosted server's URL (set
\`RESOURCE_URL\` to that URL, e.g. when moving the server behind your own gateway).

## Connect a client

\`\`\`sh
claude mcp add --transport http ${spec.slug} https://your-host.example/mcp
\`\`\`

MCP clients discover the authorization server from the 401 challenge and run the OAuth flow themselves.
`;
}
