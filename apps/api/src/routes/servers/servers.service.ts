import { planLimits } from '@bmm/config';
import { serverSecretAad } from '@bmm/crypto';
import { Channels, type Database, notify, recordAudit, type Visibility } from '@bmm/db';
import { conflict, forbidden } from '@bmm/http';
import type { ServerSpec } from '@bmm/spec';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { insertBuild } from '../../builds/builds.repository.js';
import { requestAudit } from '../../lib/audit.js';
import { lockOrgPlan } from '../../orgs/orgs.repository.js';
import { countServers, insertServer, insertVersion, slugTaken } from '../../servers/servers.repository.js';
import { upsertSecret } from '../secrets/secrets.repository.js';

export interface NewServer {
  name: string;
  slug: string;
  description: string;
  visibility: Visibility;
  allowlist: string[];
  spec: ServerSpec;
  secrets: Record<string, string>;
}

/** Server + version 1 + queued build (+ initial secrets, encrypted) in one transaction. */
export async function createServer(app: FastifyInstance, request: FastifyRequest, input: NewServer) {
  const { db, keyring } = app.deps;
  const { orgId, userId } = request.auth;
  const created = await db
    .transaction()
    .execute(async (trx) => {
      const plan = await lockOrgPlan(trx, orgId);
      if ((await countServers(trx, orgId)) >= planLimits(plan).servers) {
        throw forbidden('Your plan has no room for more servers.', 'plan_limit_reached');
      }
      if (await slugTaken(trx, input.slug))
        throw conflict('slug_taken', `The slug "${input.slug}" is taken.`);
      const server = await insertServer(trx, { ...input, orgId, createdBy: userId });
      const version = await insertVersion(trx, {
        serverId: server.id,
        version: 1,
        spec: input.spec,
        createdBy: userId,
      });
      const build = await insertBuild(trx, {
        orgId,
        serverId: server.id,
        versionId: version.id,
        createdBy: userId,
      });
      const secretNames = Object.keys(input.secrets).sort();
      for (const name of secretNames) {
        const value = input.secrets[name] as string;
        await upsertSecret(trx, {
          serverId: server.id,
          name,
          ciphertext: keyring.encrypt(value, serverSecretAad(server.id, name)),
          keyVersion: keyring.currentVersion,
          updatedBy: userId,
        });
      }
      await recordAudit(
        trx,
        requestAudit(request, {
          action: 'server.create',
          resourceType: 'server',
          resourceId: server.id,
          metadata: {
            slug: input.slug,
            name: input.name,
            version: 1,
            buildId: build.id,
            secrets: secretNames,
          },
        }),
      );
      return { serverId: server.id, buildId: build.id };
    })
    .catch((err: { code?: string; constraint?: string }) => {
      if (err.code === '23505') throw conflict('slug_taken', `The slug "${input.slug}" is taken.`);
      throw err;
    });
  await notify(db, Channels.buildEvent, { buildId: created.buildId, status: 'queued' });
  return created;
}

/** A new version of an existing server and a queued build for it, inside the caller's transaction. */
export async function addVersion(
  trx: Kysely<Database>,
  request: FastifyRequest,
  server: { id: string; slug: string },
  spec: ServerSpec,
  version: number,
) {
  const { orgId, userId } = request.auth;
  const row = await insertVersion(trx, { serverId: server.id, version, spec, createdBy: userId });
  const build = await insertBuild(trx, { orgId, serverId: server.id, versionId: row.id, createdBy: userId });
  await recordAudit(
    trx,
    requestAudit(request, {
      action: 'server.spec_update',
      resourceType: 'server',
      resourceId: server.id,
      metadata: { slug: server.slug, version, buildId: build.id },
    }),
  );
  return { versionId: row.id, buildId: build.id };
}
