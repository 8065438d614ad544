import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';

export function weatherSpec(slug: string, tools = 2): ServerSpec {
  const all: ServerSpec['tools'] = [
    {
      name: 'forecast',
      description: 'Forecast for a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      impl: {
        kind: 'http',
        method: 'GET',
        url: 'https://api.example.com/v1/{{input.city}}',
        headers: { Authorization: 'Bearer {{secrets.WEATHER_KEY}}' },
      },
    },
    {
      name: 'add',
      description: 'Adds two numbers',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
      impl: { kind: 'code', source: 'export default async ({ a, b }) => a + b' },
    },
    {
      name: 'echo',
      description: 'Echoes',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
      impl: { kind: 'code', source: 'export default async ({ text }) => text' },
    },
  ];
  return {
    name: 'Weather',
    slug,
    description: 'Forecasts',
    secrets: [{ name: 'WEATHER_KEY', description: 'API key', required: true }],
    tools: all.slice(0, tools),
  };
}

let n = 0;
export function uniqueSlug(prefix = 'srv'): string {
  n += 1;
  return `${prefix}-${process.pid}-${n}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Registers a public OAuth client directly in the database (what dynamic registration would store). */
export async function insertOAuthClient(
  db: Db,
  client: { clientId: string; name: string; redirectUri?: string },
): Promise<void> {
  await db
    .insertInto('oauth_clients')
    .values({
      client_id: client.clientId,
      secret_hash: null,
      name: client.name,
      logo_uri: null,
      client_uri: null,
      redirect_uris: [client.redirectUri ?? 'https://client.example/cb'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'none',
      scope: null,
      software_id: null,
      software_version: null,
      registration_access_token_hash: null,
      cimd_expires_at: null,
      registration_ip: null,
      last_used_at: null,
    })
    .execute();
}
