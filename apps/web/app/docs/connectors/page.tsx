import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Connectors' };

export default function ConnectorsDocsPage() {
  return (
    <>
      <h1>Connectors</h1>
      <p>
        A connector is a remote MCP server — one of yours hosted here, or anyone else’s — that you sign in to
        and call from the platform. Connectors belong to you alone: other members and admins of your
        organization never see them, their headers or their tokens. Add them on the{' '}
        <Link href="/connectors">Connectors</Link> page (sign-in opens a popup) or through the API below; if a
        server’s sign-in does not work, the <Link href="/doctor">auth doctor</Link> shows which step fails and
        why.
      </p>
      <h2>Sign-in</h2>
      <ul>
        <li>
          <strong>OAuth — discover automatically</strong>: the platform reads the server’s protected resource
          metadata and its authorization server’s metadata, registers itself (a Client ID Metadata Document
          when this deployment has a public https API URL, dynamic registration otherwise) and signs in with
          PKCE and a resource indicator. You approve in a popup; tokens stay encrypted on the platform and are
          refreshed when they expire. When the server revokes them, the connector says “sign-in required”.
        </li>
        <li>
          <strong>Headers</strong>: fixed headers (an API key) sent with every request; stored encrypted, only
          their names are ever shown.
        </li>
        <li>
          <strong>None</strong>: for servers that need no authorization.
        </li>
      </ul>
      <h2>Playground and Try it</h2>
      <p>
        The <Link href="/playground">Playground</Link> calls the tools of any of your connectors: pick a
        connector and a tool, fill the form made from the tool’s input schema (checked before anything is
        sent), and press Call. The answer shows as you would read it — text, images, embedded resources with
        their URI, links to resources, structured content as a tree you can fold, a tool error in red — with
        how long it took and, on demand, the raw JSON-RPC exchange with the server (tokens redacted).{' '}
        <code>/playground?connector=&lt;id&gt;</code> opens with that connector selected.
      </p>
      <p>
        Every hosted server’s page has a <strong>Try it</strong> tab: one click makes a connector of your own
        to that server (or finds the one you have) and opens its sign-in in a popup. You sign in and approve
        on this platform’s own consent page, exactly as Claude, Cursor or any other MCP client would, so Try
        it also shows what your users will see. The tab then offers the same tool form and result view.
      </p>
      <p>
        Your last 20 calls stay in the history next to the form; clicking one shows its answer again and puts
        its arguments back in the form. Only you see your history; arguments and results are stored encrypted,
        and removing a connector removes its calls.
      </p>
      <h2>API</h2>
      <pre>{`POST   /v1/connectors                { name, url, authType: "oauth" | "headers" | "none", headers? }
GET    /v1/connectors                 → { connectors: [{ id, name, url, authType, status, signedIn,
                                                          headerNames, lastError, tools, … }] }
POST   /v1/connectors/:id/oauth/start → { authorize_url }   open it in a popup
GET    /v1/connectors/oauth/callback  the popup lands here; it posts
                                      { type: "bmm:connector-oauth", connectorId, status } to this site
DELETE /v1/connectors/:id/oauth       sign out (revoke at the server when it offers it, forget the tokens)
POST   /v1/connectors/:id/tools/refresh
POST   /v1/connectors/:id/call        { tool, arguments } → { result, durationMs, exchanges }
PATCH  /v1/connectors/:id             { name?, headers? }
DELETE /v1/connectors/:id              also removes its calls from your history
POST   /v1/servers/:id/try            → { connector, created, signInRequired }   Try it (201 when made)
GET    /v1/connectors/calls           → { calls: [{ id, connectorId, connectorName, tool, outcome,
                                                    durationMs, createdAt }] }   newest first, ?connectorId=
GET    /v1/connectors/calls/:id       → { call: { …, arguments, result, error, exchanges, truncated } }
DELETE /v1/connectors/calls           forget your history`}</pre>
      <p>
        A call answers the tool’s result, how long it took and the raw JSON-RPC exchange with the server, with
        every token and header value redacted. A call that needs a new sign-in answers{' '}
        <code>409 signin_required</code> (also when a tool needs more access than you granted: the next
        sign-in asks for it); a server that fails answers <code>502 connector_failed</code> whose detail says
        what went wrong, also kept as the connector’s <code>lastError</code>.
      </p>
      <h2 id="chat">Chat with Claude</h2>
      <p>
        The <Link href="/playground">playground</Link>’s Chat tab lets Claude answer your questions with a
        connector’s tools: the answer streams in, each tool call appears inline with its arguments and result
        (click to unfold), and Stop ends an answer. Claude may take at most eight rounds of tool calls per
        question, then stops and says so; ask it to continue if you want more. Tool calls go through your
        connector exactly as the Tools tab’s do, and land in your history and the audit log.
      </p>
      <p>
        Chat needs an Anthropic API key set by the operator (<code>ANTHROPIC_API_KEY</code> on the api
        service); without it the tab says so and the Tools tab works as before. Your messages and the tools’
        results are sent to Anthropic; your tokens for the connector never are.
      </p>
      <pre>{`GET  /v1/connectors/chat       → { available, reason?, model?, maxToolRounds? }
POST /v1/connectors/:id/chat   { messages }   → text/event-stream:
     text {delta} · tool_use {id, name, input} · tool_result {id, name, isError, durationMs, result}
     · done {messages, stopReason, notice?} | error {code, message, messages}`}</pre>
      <h2>Safety</h2>
      <ul>
        <li>
          Every request to a connector’s server, its metadata, registration and token endpoints goes to public
          addresses only (checked after DNS resolution), follows no redirects, and has a deadline and a size
          cap. This deployment’s own runner is always reachable.
        </li>
        <li>
          The sign-in popup’s state is signed, names you and the connector, expires after five minutes and
          works once.
        </li>
        <li>
          Adding (also through Try it), signing in or out, removing, calling and clearing the history are
          recorded in the audit log (tool names and outcomes, never arguments).
        </li>
      </ul>
    </>
  );
}
