import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type TestApp } from './helpers.js';

let api: TestApp;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** Every route this service ships (the report lists the same). */
const ROUTES = [
  'POST /v1/auth/signup',
  'POST /v1/auth/login',
  'POST /v1/auth/logout',
  'POST /v1/auth/verify-email',
  'POST /v1/auth/verify-email/resend',
  'GET /v1/me',
  'GET /v1/me/org',
  'GET /v1/me/connected-accounts',
  'DELETE /v1/me/connected-accounts/{id}',
  'PATCH /v1/me/org',
  'POST /v1/me/org/switch',
  'GET /v1/members',
  'PATCH /v1/members/{userId}',
  'DELETE /v1/members/{userId}',
  'POST /v1/invitations',
  'GET /v1/invitations',
  'DELETE /v1/invitations/{id}',
  'POST /v1/invitations/accept',
  'POST /v1/invitations/preview',
  'POST /v1/api-keys',
  'GET /v1/api-keys',
  'DELETE /v1/api-keys/{id}',
  'POST /v1/servers/preview',
  'POST /v1/servers/preview/openapi-url',
  'POST /v1/servers',
  'GET /v1/servers',
  'GET /v1/servers/slug-availability',
  'POST /v1/servers/spec-validation',
  'GET /v1/servers/{id}',
  'PATCH /v1/servers/{id}',
  'DELETE /v1/servers/{id}',
  'PUT /v1/servers/{id}/spec',
  'POST /v1/servers/{id}/rollback',
  'GET /v1/servers/{id}/export',
  'GET /v1/servers/{id}/calls',
  'GET /v1/servers/{id}/latency',
  'GET /v1/servers/{id}/upstreams',
  'GET /v1/servers/{id}/secrets',
  'PUT /v1/servers/{id}/secrets/{name}',
  'DELETE /v1/servers/{id}/secrets/{name}',
  'GET /v1/servers/{id}/builds',
  'GET /v1/builds/{id}',
  'GET /v1/builds/{id}/logs',
  'POST /v1/builds/{id}/cancel',
  'POST /v1/builds/{id}/ticket',
  'GET /v1/servers/{id}/clients',
  'DELETE /v1/servers/{id}/clients/{grantId}',
  'GET /v1/audit',
  'GET /v1/audit/facets',
  'GET /v1/usage',
  'POST /v1/diagnose',
  'GET /v1/admin/orgs',
  'PUT /v1/admin/orgs/{id}/plan',
  'POST /v1/connectors',
  'GET /v1/connectors',
  'GET /v1/connectors/{id}',
  'PATCH /v1/connectors/{id}',
  'DELETE /v1/connectors/{id}',
  'POST /v1/connectors/{id}/oauth/start',
  'DELETE /v1/connectors/{id}/oauth',
  'POST /v1/connectors/{id}/tools/refresh',
  'POST /v1/connectors/{id}/call',
  'GET /v1/connectors/chat',
  'POST /v1/connectors/{id}/chat',
  'GET /v1/connectors/oauth/callback',
  'GET /v1/connectors/oauth/client-metadata.json',
  'POST /v1/servers/{id}/try',
  'GET /v1/connectors/calls',
  'GET /v1/connectors/calls/{id}',
  'DELETE /v1/connectors/calls',
  'GET /v1/status/history',
  'GET /v1/openapi.json',
];

it('serves a valid OpenAPI 3.1 document listing every route', async () => {
  const res = await api.app.inject('/v1/openapi.json');
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.servers).toEqual([{ url: 'http://api.test' }]);
  const result = await new Validator().validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
  );
  expect(ops.sort()).toEqual([...ROUTES].sort());
  const operationIds = Object.values(
    doc.paths as Record<string, Record<string, { operationId: string }>>,
  ).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
  expect(new Set(operationIds).size).toBe(ROUTES.length);
  expect(doc.paths['/v1/servers/{id}/secrets/{name}'].put.operationId).toBe('putServersSecretsByName');
});

it('documents request and problem responses for every operation', async () => {
  const doc = (await api.app.inject('/v1/openapi.json')).json();
  expect(doc.components.schemas.Problem).toBeDefined();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const where = `${method} ${path}`;
      expect(op.summary, where).toBeTruthy();
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        where,
      ).toBe(true);
      if (path !== '/v1/openapi.json')
        expect(
          statuses.some((s) => s.startsWith('4')),
          where,
        ).toBe(true);
      if (
        ['post', 'put', 'patch'].includes(method) &&
        !/logout|cancel|ticket|resend|oauth\/start|tools\/refresh|\/try$/.test(path)
      ) {
        expect(op.requestBody, where).toBeDefined();
      }
      for (const p of (path.match(/\{(\w+)\}/g) ?? []).map((x) => x.slice(1, -1))) {
        expect(
          op.parameters?.some((q: { name: string; in: string }) => q.name === p && q.in === 'path'),
          where,
        ).toBe(true);
      }
    }
  }
});
