import { type CheckDefinition, outcome } from '../context.js';
import { type Exchange, isSecureOrLoopback, probe } from '../probe.js';

export const clientRegistration: CheckDefinition = {
  id: 'client_registration',
  title: 'A new client can get a client_id (Client ID Metadata Documents or dynamic registration)',
  clause: 'MCP Authorization §Client Registration Approaches',
  async run(ctx) {
    const metadata = ctx.state.authorizationServerMetadata;
    if (!metadata) return outcome('skip', 'No authorization server metadata.');
    const shown: Exchange[] = [
      {
        request: 'authorization server metadata',
        status: null,
        headers: {},
        fields: {
          client_id_metadata_document_supported: metadata.client_id_metadata_document_supported ?? null,
          registration_endpoint: metadata.registration_endpoint ?? null,
        },
      },
    ];
    const cimd = metadata.client_id_metadata_document_supported === true;
    const dcr = typeof metadata.registration_endpoint === 'string';
    if (cimd && dcr)
      return outcome(
        'pass',
        'Both Client ID Metadata Documents and dynamic client registration are offered.',
        shown,
      );
    if (cimd)
      return outcome(
        'pass',
        'Client ID Metadata Documents are supported (clients use an https URL as client_id).',
        shown,
        'draft-ietf-oauth-client-id-metadata-document §4',
      );
    if (dcr)
      return outcome(
        'pass',
        'Dynamic client registration is offered (2025-era clients use it; 2026-07-28 prefers Client ID Metadata Documents).',
        shown,
        'RFC 7591 §3',
      );
    return outcome(
      'fail',
      'Neither client_id_metadata_document_supported nor a registration_endpoint: only clients registered by hand can sign in.',
      shown,
    );
  },
};

export const registrationProbe: CheckDefinition = {
  id: 'registration_probe',
  title: 'Dynamic registration really works (a throw-away client, deleted afterwards)',
  clause: 'RFC 7591 §3.2.1; RFC 7592 §2.3',
  async run(ctx) {
    const endpoint = ctx.state.authorizationServerMetadata?.registration_endpoint;
    if (typeof endpoint !== 'string') return outcome('skip', 'No registration endpoint to try.');
    if (!ctx.probeRegistration)
      return outcome(
        'skip',
        'Not tried: registering a client changes the remote server, so it runs only when you ask for it.',
      );
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return outcome('fail', `registration_endpoint is not a URL: ${endpoint}`, [], 'RFC 8414 §2');
    }
    if (!isSecureOrLoopback(url)) return outcome('fail', `${endpoint} is not https.`, [], 'OAuth 2.1 §1.5');
    const registered = await probe(ctx.fetch, 'POST', endpoint, {
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        client_name: 'BuildMyMCPServer auth doctor (throw-away)',
        redirect_uris: ['http://127.0.0.1/bmm-doctor/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    });
    const body = (registered.json ?? {}) as Record<string, unknown>;
    if (registered.exchange.status !== 201 || typeof body.client_id !== 'string') {
      return outcome(
        'fail',
        `Registration answered HTTP ${registered.exchange.status ?? 'nothing'}; expected 201 with a client_id.`,
        [registered.exchange],
      );
    }
    const token = body.registration_access_token;
    const manage = body.registration_client_uri;
    if (typeof token !== 'string' || typeof manage !== 'string') {
      return outcome(
        'pass',
        `Registered client ${body.client_id}. The server offers no RFC 7592 management, so the throw-away client stays registered there.`,
        [registered.exchange],
        'RFC 7591 §3.2.1',
      );
    }
    const deleted = await probe(ctx.fetch, 'DELETE', manage, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (deleted.exchange.status === 204)
      return outcome('pass', `Registered client ${body.client_id} and deleted it again.`, [
        registered.exchange,
        deleted.exchange,
      ]);
    return outcome(
      'warn',
      `Registered client ${body.client_id}, but deleting it answered HTTP ${deleted.exchange.status ?? 'nothing'} (expected 204).`,
      [registered.exchange, deleted.exchange],
      'RFC 7592 §2.3',
    );
  },
};
