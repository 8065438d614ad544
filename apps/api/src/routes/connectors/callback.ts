import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { ConnectorRuntime } from '../../connectors/mcp-session.js';
import { completeSignIn } from '../../connectors/sign-in.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { oauthCallbackSchema } from './connectors.schemas.js';

/** What the popup tells the page that opened it (exact target origin: WEB_URL). */
interface SignInMessage {
  type: 'bmm:connector-oauth';
  connectorId: string | null;
  status: 'ready' | 'error';
  error?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(reply: FastifyReply, webOrigin: string, message: SignInMessage, text: string) {
  const nonce = randomBytes(16).toString('base64');
  // JSON inside <script>: `<` escaped so no `</script>` can end it early.
  const data = JSON.stringify(message).replace(/</g, '\\u003c');
  const origin = JSON.stringify(webOrigin).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connector sign-in</title></head>
<body style="font-family: system-ui, sans-serif; padding: 24px">
<p>${escapeHtml(text)}</p><p>You can close this window.</p>
<script nonce="${nonce}">if (window.opener) { window.opener.postMessage(${data}, ${origin}); window.close(); }</script>
</body></html>`;
  return (
    reply
      .code(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      // helmet's default (same-origin) would cut the popup off from the web page that opened it.
      .header('cross-origin-opener-policy', 'unsafe-none')
      .header(
        'content-security-policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; frame-ancestors 'none'`,
      )
      .send(html)
  );
}

/**
 * `GET /v1/connectors/oauth/callback`: public (the remote AS redirects the popup here). Every outcome is
 * a page for the person in the popup (200): the outcome is in its text and in the message to the opener,
 * not in an HTTP status nobody sees.
 */
const oauthCallbackRoutes: FastifyPluginAsyncTypebox<{ rt: ConnectorRuntime; webUrl: string }> = async (
  app,
  { rt, webUrl },
) => {
  const webOrigin = new URL(webUrl).origin;
  app.get('/connectors/oauth/callback', { schema: oauthCallbackSchema }, async (request, reply) => {
    const outcome = await completeSignIn(rt, auditOrigin(request), request.query);
    if (outcome.status === 'error') {
      const { connectorId, error } = outcome;
      return page(
        reply,
        webOrigin,
        { type: 'bmm:connector-oauth', connectorId, status: 'error', error },
        error,
      );
    }
    const { connectorId, text } = outcome;
    return page(reply, webOrigin, { type: 'bmm:connector-oauth', connectorId, status: 'ready' }, text);
  });
};

export default oauthCallbackRoutes;
