import type { Metadata } from 'next';
import Link from 'next/link';
import { CodeBlock } from '@/components/client';
import { publicUrls } from '@/lib/public-urls';

export const metadata: Metadata = { title: 'Quickstart' };

export default async function QuickstartPage() {
  const u = await publicUrls();
  return (
    <>
      <h1>Quickstart</h1>
      <p>
        From nothing to a hosted, OAuth-protected MCP server in about a minute. You need an account on this
        platform (<Link href="/signup">sign up</Link>) and an MCP client.
      </p>
      <h2>1. Describe the server</h2>
      <p>
        Open <Link href="/servers/new">New server</Link>, give it a name and a slug (the slug becomes part of
        its URL), and either describe what it should do — “a calculator that evaluates arithmetic expressions”
        — or paste an OpenAPI document. The planner drafts the tools: Claude when the platform has an
        Anthropic key, otherwise the offline planner (built-in templates and OpenAPI import).
      </p>
      <h2>2. Review the tools</h2>
      <p>
        Each tool has a name, a description, a JSON input schema and an implementation (an HTTP call or a
        small JavaScript function). Edit any of them as JSON — the editor checks them as you type — remove the
        ones you don’t want, or add your own. If the tools call an API that needs a key, the wizard asks for
        exactly the secrets the draft uses; they are encrypted and never shown again.
      </p>
      <h2>3. Watch it build, then connect</h2>
      <p>
        The builder validates the spec, compiles code tools, runs every tool example in the sandbox, publishes
        an immutable version, deploys it and checks the runner serves it. When the log says{' '}
        <code>succeeded</code>, your server lives at:
      </p>
      <CodeBlock code={`${u.runner}/<slug>/mcp`} />
      <p>Add it to a client, for example Claude Code:</p>
      <CodeBlock language="shell" code={`claude mcp add --transport http my-server ${u.runner}/<slug>/mcp`} />
      <p>
        The first time the client connects it receives a <code>401</code>, discovers the authorization server,
        registers itself and opens this site’s consent page in your browser. Approve, and the client has a
        token for this one server. The <Link href="/docs/oauth">OAuth walkthrough</Link> shows every request.
      </p>
      <h2>Or with the API</h2>
      <p>
        Create an API key under <Link href="/settings">Settings</Link>, then:
      </p>
      <CodeBlock
        language="shell"
        code={`export BMM_KEY=bmm_live_…
# draft a spec
curl -s ${u.api}/v1/servers/preview -H "authorization: Bearer $BMM_KEY" \\
  -H 'content-type: application/json' \\
  -d '{"prompt":"a calculator","name":"Calculator","slug":"my-calculator"}' > draft.json
# create the server from the drafted spec (queues its first build)
jq '{name: "Calculator", slug: "my-calculator", spec: .draft.spec}' draft.json |
  curl -s ${u.api}/v1/servers -H "authorization: Bearer $BMM_KEY" -H 'content-type: application/json' -d @-`}
      />
      <p>
        Next: <Link href="/docs/concepts">MCP concepts</Link> ·{' '}
        <Link href="/docs/authoring">Authoring tools</Link> · <Link href="/docs/api">API reference</Link>
      </p>
    </>
  );
}
