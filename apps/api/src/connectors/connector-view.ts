import type { Keyring } from '@bmm/crypto';
import type { ConnectorRow } from '@bmm/db';
import { iso } from '../lib/schemas.js';
import { connectorAad, openOAuthData } from './oauth-provider.js';

/** A connector as its person sees it: header names but never values, whether tokens exist but never them. */
export function connectorView(keyring: Keyring, row: ConnectorRow) {
  const headerNames = row.headers_ciphertext
    ? Object.keys(JSON.parse(keyring.decryptString(row.headers_ciphertext, connectorAad(row.id, 'headers'))))
    : [];
  const hasTokens =
    row.auth_type === 'oauth' &&
    Boolean(openOAuthData(keyring, row.id, row.oauth_ciphertext).tokens?.access_token);
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    authType: row.auth_type,
    status: row.status,
    // A registered client or a sign-in under way is stored too: only tokens mean "signed in".
    signedIn: hasTokens && row.status !== 'signin_required',
    headerNames,
    lastError: row.last_error,
    tools: (row.tools as Record<string, unknown>[] | null) ?? null,
    toolsRefreshedAt: iso(row.tools_refreshed_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export type ConnectorView = ReturnType<typeof connectorView>;
