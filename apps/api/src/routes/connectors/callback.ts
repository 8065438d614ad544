import { randomBytes } from 'node:crypto';
import { recordAudit } from '@bmm/db';
import { auth as runAuth } from '@modelcontextprotocol/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  consumeOAuthState,
  findConnectorOfUser,
  updateConnector,
} from '../../connectors/connectors.repository.js';
import type { ConnectorRuntime } from '../../connectors/mcp-session.js';
import { ConnectorOAuthProvider, openOAuthData } from '../../connectors/oauth-provider.js';
import { InvalidStateError, readOAuthState } from '../../connectors/oauth-state.js';
import { requestAudit } from '../../lib/audit.js';
import { OutboundRefusedError } from '../../lib/outbound.js';
import { errors } from '../../lib/schemas.js';
import { callbackQuery, htmlPage } from './connectors.schemas.js';

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
 * `GET /v1/connectors/oauth/callback`: public (the remote AS redirects the popup here). The state
 * is the only proof of who started the sign-in: HMAC-signed (person + connector), five minutes,
 * accepted once. Then the SDK's `auth()` redeems the code (PKCE verifier, `iss` check).
 */
export default async function oauthCallbackRoutes(
  app: FastifyInstance,
  { rt, webUrl }: { rt: ConnectorRuntime; webUrl: string },
) {
  const { keyring, db } = rt;
  const webOrigin = new URL(webUrl).origin;
  app.get(
    '/connectors/oauth/callback',
    {
      schema: {
        summary: 'Where the remote authorization server sends the sign-in popup back',
        tags: ['connectors'],
        security: [],
        querystring: callbackQuery,
        response: { 200: htmlPage, ...errors(400) },
      },
    },
    async (request, reply) => {
      const q = request.query as {
        code?: string;
        state?: string;
        iss?: string;
        error?: string;
        error_description?: string;
      };
      // Every outcome is a page for the person in the popup (200): the outcome is in its text and in
      // the message to the opener, not in an HTTP status nobody sees.
      const fail = (connectorId: string | null, error: string) =>
        page(reply, webOrigin, { type: 'bmm:connector-oauth', connectorId, status: 'error', error }, error);
      if (!q.state) return fail(null, 'The sign-in answer has no state.');
      let claims: ReturnType<typeof readOAuthState>;
      try {
        claims = readOAuthState(keyring, q.state);
      } catch (err) {
        if (err instanceof InvalidStateError)
          return fail(null, 'This sign-in is invalid or has expired. Start it again.');
        throw err;
      }
      const fresh = await consumeOAuthState(db, claims);
      if (!fresh) return fail(null, 'This sign-in was already used or has expired. Start it again.');
      const row = await findConnectorOfUser(db, claims.userId, claims.connectorId);
      if (!row) return fail(null, 'This connector no longer exists.');
      const actor = { type: 'user' as const, id: claims.userId };
      if (q.error) {
        const message =
          `The server refused the sign-in: ${q.error}${q.error_description ? ` (${q.error_description})` : ''}.`.slice(
            0,
            500,
          );
        await updateConnector(db, row.id, { status: 'signin_required', last_error: message });
        return fail(row.id, message);
      }
      if (!q.code) return fail(row.id, 'The sign-in answer has no code.');
      const provider = new ConnectorOAuthProvider(
        db,
        keyring,
        row.id,
        openOAuthData(keyring, row.id, row.oauth_ciphertext),
        rt.oauth,
      );
      try {
        const result = await runAuth(provider, {
          serverUrl: row.url,
          authorizationCode: q.code,
          iss: q.iss,
          fetchFn: rt.fetch,
        });
        if (result !== 'AUTHORIZED') throw new Error('the code was not accepted');
      } catch (err) {
        const message = (
          err instanceof OutboundRefusedError ? err.message : `Sign-in failed: ${(err as Error).message}`
        ).slice(0, 500);
        await updateConnector(db, row.id, { status: 'error', last_error: message });
        await recordAudit(
          db,
          requestAudit(request, {
            action: 'connector.signin_failed',
            resourceType: 'connector',
            resourceId: row.id,
            orgId: row.org_id,
            actor,
            metadata: { name: row.name },
          }),
        );
        return fail(row.id, message);
      }
      await updateConnector(db, row.id, { status: 'ready', last_error: null });
      await recordAudit(
        db,
        requestAudit(request, {
          action: 'connector.signin',
          resourceType: 'connector',
          resourceId: row.id,
          orgId: row.org_id,
          actor,
          metadata: { name: row.name },
        }),
      );
      return page(
        reply,
        webOrigin,
        { type: 'bmm:connector-oauth', connectorId: row.id, status: 'ready' },
        `Signed in to ${row.name}.`,
      );
    },
  );
}
