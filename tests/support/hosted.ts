import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';

/** A small code-tool server: what the builder would deploy, written straight to the database. */
export function calculatorSpec(slug: string): ServerSpec {
  return {
    name: 'Calculator',
    slug,
    description: 'Adds and echoes.',
    secrets: [],
    tools: [
      {
        name: 'add',
        title: 'Add two numbers',
        description: 'Adds two numbers.',
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
        annotations: { readOnlyHint: true },
        impl: { kind: 'code', source: 'export default async ({ a, b }) => ({ sum: a + b })' },
      },
      {
        name: 'echo',
        description: 'Repeats a text.',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
        impl: { kind: 'code', source: 'export default async ({ text }) => text' },
      },
    ],
  };
}

/** A server with a deployed current version in `orgId` (the builder's publish + deploy, minus NOTIFY). */
export async function deployHostedServer(
  db: Db,
  orgId: string,
  spec: ServerSpec,
): Promise<{ serverId: string }> {
  const server = await db
    .insertInto('servers')
    .values({ org_id: orgId, slug: spec.slug, name: spec.name, description: spec.description })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('server_versions')
    .values({
      server_id: server.id,
      version: 1,
      spec: JSON.stringify(spec),
      artifact: JSON.stringify(spec),
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('servers')
    .set({ current_version_id: version.id })
    .where('id', '=', server.id)
    .execute();
  return { serverId: server.id };
}
