import { readFileSync } from 'node:fs';
import { type HttpImpl, type ServerSpec, validateSpec } from '@bmm/spec';
import { describe, expect, it } from 'vitest';
import { createOfflinePlanner, type Draft, PlannerError } from '../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const planner = createOfflinePlanner();
const draft = (openapi: string, extra: Record<string, unknown> = {}) =>
  planner.draft({ prompt: 'import', name: 'Pets', slug: 'pets', openapi, ...extra });

function summary(spec: ServerSpec) {
  return spec.tools.map((t) => {
    const impl = t.impl as HttpImpl;
    return `${t.name} ${impl.method} ${impl.url}`;
  });
}
const tool = (d: Draft, name: string) => {
  const t = d.spec!.tools.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name}`);
  return t as typeof t & { impl: HttpImpl };
};

describe('OpenAPI 3.0 (Swagger Petstore v3)', async () => {
  const d = await draft(fixture('petstore-3.0.yaml'));

  it('imports every JSON operation as an http tool, in document order', () => {
    expect(d.source).toBe('openapi');
    expect(validateSpec(d.spec).ok).toBe(true);
    const base = 'https://petstore3.swagger.io/api/v3';
    expect(summary(d.spec!)).toEqual([
      `addPet POST ${base}/pet`,
      `updatePet PUT ${base}/pet`,
      `findPetsByStatus GET ${base}/pet/findByStatus`,
      `findPetsByTags GET ${base}/pet/findByTags`,
      `getPetById GET ${base}/pet/{{input.petId}}`,
      `updatePetWithForm POST ${base}/pet/{{input.petId}}`,
      `deletePet DELETE ${base}/pet/{{input.petId}}`,
      `getInventory GET ${base}/store/inventory`,
      `placeOrder POST ${base}/store/order`,
      `getOrderById GET ${base}/store/order/{{input.orderId}}`,
      `deleteOrder DELETE ${base}/store/order/{{input.orderId}}`,
      `createUser POST ${base}/user`,
      `createUsersWithListInput POST ${base}/user/createWithList`,
      `loginUser GET ${base}/user/login`,
      `logoutUser GET ${base}/user/logout`,
      `getUserByName GET ${base}/user/{{input.username}}`,
      `updateUser PUT ${base}/user/{{input.username}}`,
      `deleteUser DELETE ${base}/user/{{input.username}}`,
    ]);
    expect(d.notes.join('\n')).toContain('Skipped uploadFile: its body is application/octet-stream');
  });

  it('maps security schemes to secrets and headers', () => {
    expect(d.spec!.secrets.map((s) => s.name)).toEqual(['PETSTORE_AUTH_TOKEN', 'API_KEY']);
    expect(tool(d, 'getPetById').impl.headers).toEqual({ api_key: '{{secrets.API_KEY}}' });
    expect(tool(d, 'addPet').impl.headers).toEqual({
      Authorization: 'Bearer {{secrets.PETSTORE_AUTH_TOKEN}}',
    });
    expect(tool(d, 'placeOrder').impl.headers).toBeUndefined();
  });

  it('turns parameters and bodies into the input schema, $refs resolved', () => {
    const byStatus = tool(d, 'findPetsByStatus');
    expect(byStatus.inputSchema).toEqual({
      type: 'object',
      properties: {
        status: {
          type: 'string',
          default: 'available',
          enum: ['available', 'pending', 'sold'],
          description: 'Status values that need to be considered for filter',
        },
      },
      additionalProperties: false,
    });
    expect(byStatus.impl.query).toEqual({ status: '{{input.status}}' });
    expect(byStatus.annotations).toEqual({ readOnlyHint: true, openWorldHint: true });

    const addPet = tool(d, 'addPet');
    const body = (addPet.inputSchema.properties as Record<string, any>).body;
    expect(body.required).toEqual(['name', 'photoUrls']);
    expect(body.properties.category.properties.name).toEqual({ type: 'string', examples: ['Dogs'] });
    expect(body.properties.tags.items.properties.id).toEqual({ type: 'integer', format: 'int64' });
    expect(addPet.inputSchema.required).toEqual(['body']);
    expect(addPet.impl.body).toBe('{{input.body}}');
    expect(addPet.examples).toEqual([
      {
        input: { body: { name: 'doggie', photoUrls: ['example'] } },
        mockResponse: expect.objectContaining({ status: 200 }),
      },
    ]);

    const del = tool(d, 'deletePet');
    expect(del.inputSchema.required).toEqual(['petId']);
    expect(del.impl.headers).toEqual({
      api_key: '{{input.api_key}}',
      Authorization: 'Bearer {{secrets.PETSTORE_AUTH_TOKEN}}',
    });
    expect(del.annotations?.destructiveHint).toBe(true);
    expect(tool(d, 'getPetById').examples?.[0]?.input).toEqual({ petId: 1 });
  });

  it('filters by tag and caps the tool count with a note', async () => {
    const store = await draft(fixture('petstore-3.0.yaml'), { filter: { tags: ['store'] } });
    expect(store.spec!.tools.map((t) => t.name)).toEqual([
      'getInventory',
      'placeOrder',
      'getOrderById',
      'deleteOrder',
    ]);
    expect(store.spec!.secrets.map((s) => s.name)).toEqual(['API_KEY']);
    const capped = await draft(fixture('petstore-3.0.yaml'), { filter: { maxTools: 3 } });
    expect(capped.spec!.tools).toHaveLength(3);
    expect(capped.notes.join('\n')).toMatch(
      /Kept the first 3 of 19 operations \(tool cap\); skipped 16: findPetsByTags/,
    );
    const ops = await draft(fixture('petstore-3.0.yaml'), {
      filter: { operations: ['getUserByName', 'DELETE /user/{username}'] },
    });
    expect(ops.spec!.tools.map((t) => t.name)).toEqual(['getUserByName', 'deleteUser']);
  });
});

describe('OpenAPI 3.1', async () => {
  const d = await draft(fixture('petstore-3.1.yaml'));
  it('substitutes server variables, keeps 3.1 type unions and cuts recursion', () => {
    expect(summary(d.spec!)).toEqual([
      'listPets GET https://eu.petstore.example.com/v1/pets',
      'createPets POST https://eu.petstore.example.com/v1/pets',
      'showPetById GET https://eu.petstore.example.com/v1/pets/{{input.petId}}',
      'health GET https://eu.petstore.example.com/v1/health',
    ]);
    const body = (tool(d, 'createPets').inputSchema.properties as Record<string, any>).body;
    expect(body.properties.tag).toEqual({ type: ['string', 'null'] });
    expect(body.properties.owner.properties.pets.items).toEqual({
      description: 'Recursive structure (any value).',
    });
    expect(tool(d, 'showPetById').inputSchema.required).toEqual(['petId']);
  });
  it('uses the global bearer requirement unless an operation opts out', () => {
    expect(d.spec!.secrets).toEqual([expect.objectContaining({ name: 'BEARER_AUTH_TOKEN', required: true })]);
    expect(tool(d, 'listPets').impl.headers).toEqual({
      Authorization: 'Bearer {{secrets.BEARER_AUTH_TOKEN}}',
    });
    expect(tool(d, 'health').impl.headers).toBeUndefined();
  });
});

describe('Swagger 2.0', async () => {
  const d = await draft(fixture('petstore-swagger-2.0.json'));
  it('builds the base URL from host/basePath/schemes and skips form operations', () => {
    expect(summary(d.spec!)).toEqual([
      'addPet POST https://petstore.swagger.io/v2/pet',
      'updatePet PUT https://petstore.swagger.io/v2/pet',
      'findPetsByStatus GET https://petstore.swagger.io/v2/pet/findByStatus',
      'getPetById GET https://petstore.swagger.io/v2/pet/{{input.petId}}',
      'deletePet DELETE https://petstore.swagger.io/v2/pet/{{input.petId}}',
      'getInventory GET https://petstore.swagger.io/v2/store/inventory',
      'placeOrder POST https://petstore.swagger.io/v2/store/order',
      'getOrderById GET https://petstore.swagger.io/v2/store/order/{{input.orderId}}',
      'loginUser GET https://petstore.swagger.io/v2/user/login',
      'getUserByName GET https://petstore.swagger.io/v2/user/{{input.username}}',
    ]);
    expect(d.notes.join('\n')).toContain('Skipped uploadFile: it needs a form body');
    expect(d.notes.join('\n')).toContain('Skipped updatePetWithForm: it needs a form body');
  });
  it('converts body and typed parameters', () => {
    const byStatus = tool(d, 'findPetsByStatus');
    expect((byStatus.inputSchema.properties as Record<string, any>).status).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['available', 'pending', 'sold'], default: 'available' },
      description: 'Status values that need to be considered for filter',
    });
    const order = tool(d, 'getOrderById');
    expect((order.inputSchema.properties as Record<string, any>).orderId).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 10,
    });
    expect((tool(d, 'addPet').inputSchema.properties as Record<string, any>).body.required).toEqual([
      'name',
      'photoUrls',
    ]);
    expect(tool(d, 'loginUser').inputSchema.required).toEqual(['username', 'password']);
  });
});

describe('a large API (110 operations)', async () => {
  const text = fixture('large-api.json');
  it('caps at 30 tools by default and says what was skipped', async () => {
    const d = await draft(text);
    expect(d.spec!.tools).toHaveLength(30);
    expect(validateSpec(d.spec).ok).toBe(true);
    expect(d.notes.join('\n')).toContain(
      'Kept the first 30 of 110 operations (tool cap); skipped 80: listDiscounts',
    );
  });
  it('imports one tag completely, tool by tool', async () => {
    const d = await draft(text, { filter: { tags: ['orders'] } });
    expect(summary(d.spec!)).toEqual([
      'listOrders GET https://api.commerce.example.com/v1/orders',
      'createOrder POST https://api.commerce.example.com/v1/orders',
      'getOrder GET https://api.commerce.example.com/v1/orders/{{input.id}}',
      'updateOrder PATCH https://api.commerce.example.com/v1/orders/{{input.id}}',
      'deleteOrder DELETE https://api.commerce.example.com/v1/orders/{{input.id}}',
    ]);
    const list = tool(d, 'listOrders');
    expect(list.impl.query).toEqual({
      limit: '{{input.limit}}',
      cursor: '{{input.cursor}}',
      'filter[status]': '{{input.filter_status}}',
      api_key: '{{secrets.API_KEY_QUERY}}',
    });
    const create = tool(d, 'createOrder');
    expect(create.impl.headers).toEqual({ 'Idempotency-Key': '{{input.Idempotency-Key}}' });
    const body = (create.inputSchema.properties as Record<string, any>).body;
    expect(body.properties.metadata.type).toEqual(['object', 'null']);
    expect(body.properties.category.properties.children.items).toEqual({
      description: 'Recursive structure (any value).',
    });
    expect(create.examples?.[0]?.input).toEqual({ body: { name: 'example' } });
  });
  it('takes up to 100 tools when asked, all valid', async () => {
    const d = await draft(text, { filter: { maxTools: 100 } });
    expect(d.spec!.tools).toHaveLength(100);
    expect(new Set(d.spec!.tools.map((t) => t.name)).size).toBe(100);
    expect(validateSpec(d.spec).ok).toBe(true);
  });
});

describe('bad input', () => {
  it('rejects what is not OpenAPI with a precise error', async () => {
    await expect(draft('{"openapi": "4.0.0", "paths": {}}')).rejects.toMatchObject({
      code: 'invalid_openapi',
      message: expect.stringContaining('"4.0.0"'),
    });
    await expect(draft('openapi: [')).rejects.toThrow(/neither valid JSON nor valid YAML/);
    await expect(
      draft(
        '{"openapi":"3.0.0","info":{"title":"x","version":"1"},"servers":[{"url":"/v1"}],"paths":{"/a":{"get":{"responses":{}}}}}',
      ),
    ).rejects.toThrow(/no absolute server URL/);
    await expect(
      draft(
        '{"openapi":"3.0.0","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Nope"}}}}}}}}}',
        { baseUrl: 'https://x.example.com' },
      ),
    ).rejects.toBeInstanceOf(PlannerError);
  });
  it('never fetches external $refs and says so', async () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Ext', version: '1' },
      servers: [{ url: 'https://api.example.com' }],
      paths: {
        '/a': {
          get: {
            operationId: 'getA',
            responses: {
              200: {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: 'http://127.0.0.1:9/schema.json' } } },
              },
            },
          },
        },
      },
    };
    const d = await draft(JSON.stringify(doc));
    expect(d.spec!.tools.map((t) => t.name)).toEqual(['getA']);
    expect(d.notes.join('\n')).toContain(
      '1 external $ref(s) were not fetched (http://127.0.0.1:9/schema.json)',
    );
  });
  it('sanitizes operation ids into tool names and uses baseUrl for relative servers', async () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Names', version: '1' },
      servers: [{ url: '/api' }],
      paths: {
        '/a b': { get: { operationId: 'get a/b (v2)!', responses: {} } },
        '/items/{item-id}': {
          get: { responses: {} },
          delete: { operationId: 'get a/b (v2)!', responses: {} },
        },
      },
    };
    const d = await draft(JSON.stringify(doc), { baseUrl: 'https://h.example.com/api/' });
    expect(summary(d.spec!)).toEqual([
      'get_a_b_v2 GET https://h.example.com/api/a b',
      'get_items_item-id GET https://h.example.com/api/items/{{input.item-id}}',
      'get_a_b_v2_2 DELETE https://h.example.com/api/items/{{input.item-id}}',
    ]);
  });
});

describe('OAuth 2.0 authorization code → upstream sign-in', () => {
  const doc = (scheme: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Acme Tasks', version: '1' },
      servers: [{ url: 'https://api.acme.example/v2' }],
      components: { securitySchemes: { acmeOAuth: scheme } },
      paths: {
        '/tasks': {
          get: {
            operationId: 'listTasks',
            security: [{ acmeOAuth: ['tasks.read'] }],
            responses: { 200: {} },
          },
          post: {
            operationId: 'createTask',
            security: [{ acmeOAuth: ['tasks.read', 'tasks.write'] }],
            requestBody: {
              content: {
                'application/json': { schema: { type: 'object', properties: { title: { type: 'string' } } } },
              },
            },
            responses: { 201: {} },
          },
        },
        '/health': { get: { operationId: 'health', security: [], responses: { 200: {} } } },
      },
      ...extra,
    });
  const authorizationCode = {
    type: 'oauth2',
    flows: {
      authorizationCode: {
        authorizationUrl: 'https://auth.acme.example/authorize',
        tokenUrl: 'https://auth.acme.example/token',
        refreshUrl: 'https://auth.acme.example/refresh',
        scopes: { 'tasks.read': 'read tasks', 'tasks.write': 'write tasks' },
      },
    },
  };

  it('declares the upstream, its credentials and the token header; shared scopes become the base', async () => {
    const d = await draft(doc(authorizationCode));
    expect(validateSpec(d.spec).ok).toBe(true);
    expect(d.spec!.upstreams).toEqual([
      {
        id: 'acme',
        name: 'Acme Tasks',
        scopes: ['tasks.read'],
        clientIdSecret: 'ACME_CLIENT_ID',
        clientSecretSecret: 'ACME_CLIENT_SECRET',
        authorizationUrl: 'https://auth.acme.example/authorize',
        tokenUrl: 'https://auth.acme.example/token',
      },
    ]);
    // No preset, so no platform app can stand in: the server must bring its own OAuth app.
    expect(d.spec!.secrets).toEqual([
      expect.objectContaining({ name: 'ACME_CLIENT_ID', required: true }),
      expect.objectContaining({ name: 'ACME_CLIENT_SECRET', required: true }),
    ]);
    expect(tool(d, 'listTasks').impl.headers).toEqual({
      Authorization: 'Bearer {{upstream.acme.accessToken}}',
    });
    expect(tool(d, 'listTasks').upstreamScopes).toBeUndefined();
    expect(tool(d, 'createTask').upstreamScopes).toEqual({ acme: ['tasks.write'] });
    expect(tool(d, 'createTask').impl.headers).toEqual({
      Authorization: 'Bearer {{upstream.acme.accessToken}}',
    });
    expect(tool(d, 'health').impl.headers).toBeUndefined();
    const notes = d.notes.join('\n');
    expect(notes).toContain('each person who connects signs in to Acme Tasks (upstream "acme")');
    expect(notes).toContain('separate refreshUrl (https://auth.acme.example/refresh)');
    expect(d.personalTokens).toBeUndefined();
  });

  it('recognises a preset provider by its authorization endpoint', async () => {
    const d = await draft(
      doc({
        type: 'oauth2',
        flows: {
          authorizationCode: {
            authorizationUrl: 'https://github.com/login/oauth/authorize',
            tokenUrl: 'https://github.com/login/oauth/access_token',
            scopes: {},
          },
        },
      }),
    );
    expect(d.spec!.upstreams).toEqual([
      expect.objectContaining({ id: 'acme', preset: 'github', name: 'GitHub', scopes: ['tasks.read'] }),
    ]);
    expect(d.spec!.upstreams![0]).not.toHaveProperty('authorizationUrl');
    expect(d.spec!.secrets.every((s) => !s.required)).toBe(true);
    expect(d.personalTokens).toEqual([expect.objectContaining({ upstreamId: 'acme' })]);
  });

  it('turns Swagger 2.0 accessCode flows and OpenID Connect into upstreams too', async () => {
    const swagger = await draft(
      JSON.stringify({
        swagger: '2.0',
        info: { title: 'Legacy', version: '1' },
        host: 'legacy.example',
        schemes: ['https'],
        securityDefinitions: {
          legacy_auth: {
            type: 'oauth2',
            flow: 'accessCode',
            authorizationUrl: 'https://legacy.example/oauth/authorize',
            tokenUrl: 'https://legacy.example/oauth/token',
            scopes: { read: 'read' },
          },
        },
        paths: {
          '/me': {
            get: { operationId: 'me', security: [{ legacy_auth: ['read'] }], responses: { 200: {} } },
          },
        },
      }),
    );
    expect(swagger.spec!.upstreams).toEqual([
      expect.objectContaining({
        id: 'legacy',
        scopes: ['read'],
        authorizationUrl: 'https://legacy.example/oauth/authorize',
        tokenUrl: 'https://legacy.example/oauth/token',
      }),
    ]);
    const oidc = await draft(
      doc({
        type: 'openIdConnect',
        openIdConnectUrl: 'https://id.acme.example/.well-known/openid-configuration',
      }),
    );
    expect(oidc.spec!.upstreams).toEqual([
      expect.objectContaining({ id: 'acme', issuer: 'https://id.acme.example', scopes: ['tasks.read'] }),
    ]);
    expect(validateSpec(oidc.spec).ok).toBe(true);
  });

  it('keeps implicit flows and endpoints that are not https as a bearer-token secret', async () => {
    const implicit = await draft(
      doc({
        type: 'oauth2',
        flows: { implicit: { authorizationUrl: 'https://auth.acme.example/a', scopes: {} } },
      }),
    );
    expect(implicit.spec!.upstreams).toBeUndefined();
    expect(tool(implicit, 'listTasks').impl.headers).toEqual({
      Authorization: 'Bearer {{secrets.ACME_OAUTH_TOKEN}}',
    });
    const plain = await draft(
      doc({
        type: 'oauth2',
        flows: {
          authorizationCode: {
            authorizationUrl: 'http://auth.acme.example/a',
            tokenUrl: '/token',
            scopes: {},
          },
        },
      }),
    );
    expect(plain.spec!.upstreams).toBeUndefined();
    expect(plain.notes.join('\n')).toContain('without absolute https authorizationUrl and tokenUrl');
  });
});
