import type { Metadata } from 'next';
import { CodeBlock } from '@/components/client';

export const metadata: Metadata = { title: 'Authoring tools' };

const HTTP_TOOL = `{
  "name": "get_forecast",
  "title": "Weather forecast",
  "description": "The forecast for a city for the next days.",
  "inputSchema": {
    "type": "object",
    "properties": {
      "city": { "type": "string", "description": "City name, e.g. Paris" },
      "days": { "type": "integer", "minimum": 1, "maximum": 7, "default": 3 }
    },
    "required": ["city"]
  },
  "annotations": { "readOnlyHint": true, "openWorldHint": true },
  "impl": {
    "kind": "http",
    "method": "GET",
    "url": "https://api.weather.example/v1/forecast",
    "query": { "q": "{{input.city}}", "days": "{{input.days}}" },
    "headers": { "authorization": "Bearer {{secrets.WEATHER_API_KEY}}" },
    "response": { "pick": "forecast.days", "maxBytes": 200000 }
  },
  "examples": [
    {
      "input": { "city": "Paris" },
      "mockResponse": { "status": 200, "body": { "forecast": { "days": [{ "max": 21 }] } } },
      "expect": { "contains": "21" }
    }
  ]
}`;

const CODE_TOOL = `{
  "name": "word_count",
  "description": "Counts the words of a text.",
  "inputSchema": {
    "type": "object",
    "properties": { "text": { "type": "string" } },
    "required": ["text"]
  },
  "annotations": { "readOnlyHint": true, "idempotentHint": true },
  "impl": {
    "kind": "code",
    "source": "export default async function (input, ctx) {\\n  const words = input.text.trim().split(/\\\\s+/).filter(Boolean);\\n  ctx.log('counted', words.length);\\n  return { words: words.length };\\n}"
  },
  "examples": [{ "input": { "text": "one two three" }, "expect": { "contains": "3" } }]
}`;

const SPEC = `{
  "name": "Weather",
  "slug": "weather",
  "description": "Forecasts from the Example Weather API.",
  "instructions": "Use get_forecast for anything about upcoming weather.",
  "secrets": [
    {
      "name": "WEATHER_API_KEY",
      "description": "API key of api.weather.example",
      "required": true,
      "howToObtain": "Dashboard → API keys on weather.example"
    }
  ],
  "allowedHosts": ["api.weather.example"],
  "tools": [ … ],
  "resources": [ … ],
  "prompts": [ … ]
}`;

export default function AuthoringPage() {
  return (
    <>
      <h1>Authoring tools</h1>
      <p>
        A server is described by one JSON document, the <strong>ServerSpec</strong>. The wizard drafts it for
        you (or you start blank); you edit each tool in a form — in the wizard and on the server page’s Tools
        tab, where saving builds a new version — with the raw JSON one click away, or send a whole spec with{' '}
        <code>PUT /v1/servers/:id/spec</code> (each change is a new version with its own build).
      </p>
      <h2>The spec</h2>
      <CodeBlock language="json" code={SPEC} />
      <ul>
        <li>
          <code>slug</code>: 3–40 characters, <code>a-z</code>, <code>0-9</code> and single inner hyphens;
          globally unique and never reused (it is part of the OAuth audience).
        </li>
        <li>
          <code>secrets</code>: every credential the tools use, by upper-case name. Values are set separately
          (wizard or server page), encrypted with AES-256-GCM bound to the server and the name, and never
          returned by any API.
        </li>
        <li>
          <code>allowedHosts</code>: the only hosts code tools may reach with <code>ctx.fetch</code> (HTTP
          tools may reach their own URL’s host). Private, loopback and link-local addresses are refused.
        </li>
      </ul>
      <h2>HTTP tools</h2>
      <p>
        An HTTP tool maps its input onto one request. <code>{'{{input.x}}'}</code> and{' '}
        <code>{'{{secrets.NAME}}'}</code> placeholders work in the URL (values are URL-encoded in the path),
        query, headers and body; a body string that is exactly <code>{'{{input.x}}'}</code> is replaced by the
        value itself, of any type. <code>response.pick</code> selects part of a JSON answer;{' '}
        <code>response.maxBytes</code> caps its size (1 MiB by default, 5 MiB at most).
      </p>
      <CodeBlock language="json" code={HTTP_TOOL} />
      <h2>Code tools</h2>
      <p>
        A code tool is an ES module whose default export is <code>async function (input, ctx)</code>. It runs
        in QuickJS (WebAssembly) with a CPU deadline and memory, stack and output caps — never in the host’s
        JavaScript engine.
      </p>
      <ul>
        <li>
          <code>ctx.fetch(url, init)</code> — like <code>fetch</code>, limited to <code>allowedHosts</code>,
        </li>
        <li>
          <code>ctx.secrets.NAME</code> — this server’s decrypted secrets (and no other server’s);
        </li>
        <li>
          <code>ctx.log(...)</code> — lines for the tool-call log.
        </li>
      </ul>
      <p>
        Return any JSON value (it becomes text content, and structured content when it is an object), or a
        full MCP result <code>{'{ content: [...], isError }'}</code>.
      </p>
      <CodeBlock language="json" code={CODE_TOOL} />
      <h2>Examples are tests</h2>
      <p>
        The build’s <code>test</code> step calls every tool with each of its <code>examples</code>. For HTTP
        tools (and <code>ctx.fetch</code>) the upstream answer is the example’s <code>mockResponse</code>, so
        builds never hit real APIs. <code>expect.contains</code> checks the result text;{' '}
        <code>expect.isError</code> expects a failure. A failing example fails the build and the previous
        version keeps serving.
      </p>
      <h2>Annotations and scopes</h2>
      <p>
        Annotations (<code>readOnlyHint</code>, <code>destructiveHint</code>, <code>idempotentHint</code>,{' '}
        <code>openWorldHint</code>) tell clients how careful to be. Every tool needs the base scope{' '}
        <code>mcp:tools</code>; a tool may list more <code>scopes</code> (for example <code>notes:write</code>
        ). A token without them gets <code>403 insufficient_scope</code> naming the missing scopes, and the
        client asks you to approve them (step-up).
      </p>
      <h2>Limits</h2>
      <ul>
        <li>
          Tool names: 1–64 characters of letters, digits, “_”, “.” and “-”. Descriptions: up to 2000
          characters.
        </li>
        <li>
          Input schemas are JSON Schema 2020-12 with <code>"type": "object"</code>; arguments are validated
          before your tool runs.
        </li>
        <li>Up to 10 examples and 10 scopes per tool.</li>
      </ul>
    </>
  );
}
