import { planLimits } from '@bmm/config';
import { type Keyring, serverSecretAad } from '@bmm/crypto';
import {
  Channels,
  type Database,
  type Db,
  notify,
  recordAudit,
  type ServerUpdate,
  type Visibility,
} from '@bmm/db';
import { conflict, forbidden, HttpProblem, notFound } from '@bmm/http';
import { revokeLostAccess } from '@bmm/oauth';
import type { ServerSpec } from '@bmm/spec';
import type { Kysely } from 'kysely';
import { cancelBuild, insertBuild, unfinishedBuildIds } from '../builds/builds.repository.js';
import { disconnectUpstreams } from '../connected-accounts/vault.js';
import type { ApiDeps } from '../deps.js';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { lockOrgPlan } from '../orgs/orgs.repository.js';
import type { Auth } from '../plugins/auth.js';
import { upsertSecret } from '../secrets/secrets.repository.js';
import {
  countServers,
  findVersion,
  insertServer,
  insertVersion,
  lockServer,
  nextVersionNumber,
  slugTaken,
  updateServer,
} from './servers.repository.js';
import { checkSpec } from './spec-check.js';

export interface NewServer {
  name: string;
  slug: string;
  description: string;
  visibility: Visibility;
  allowlist: string[];
  spec: ServerSpec;
  secrets: Record<string, string>;
}

/** What a change of a server's settings may set (the allowlist already normalized). */
export interface ServerSettings {
  name?: string;
  description?: string;
  visibility?: Visibility;
  allowlist?: string[];
}

/** Encrypts and stores a new server's initial secrets; returns their names, sorted. */
async function storeSecrets(
  trx: Kysely<Database>,
  keyring: Keyring,
  serverId: string,
  secrets: Record<string, string>,
  userId: string | null,
): Promise<string[]> {
  const entries = Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of entries) {
    await upsertSecret(trx, {
      serverId,
      name,
      ciphertext: keyring.encrypt(value, serverSecretAad(serverId, name)),
      keyVersion: keyring.currentVersion,
      updatedBy: userId,
    });
  }
  return entries.map(([name]) => name);
}

/** Server + version 1 + queued build (+ initial secrets, encrypted) in one transaction. */
export async function createServer(
  deps: { db: Db; keyring: Keyring },
  auth: Auth,
  origin: AuditOrigin,
  input: NewServer,
) {
  const { db, keyring } = deps;
  const { orgId, userId } = auth;
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
      const secretNames = await storeSecrets(trx, keyring, server.id, input.secrets, userId);
      await recordAudit(
        trx,
        auditEvent(origin, {
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
async function addVersion(
  trx: Kysely<Database>,
  auth: Auth,
  origin: AuditOrigin,
  server: { id: string; slug: string },
  spec: ServerSpec,
  version: number,
) {
  const { orgId, userId } = auth;
  const row = await insertVersion(trx, { serverId: server.id, version, spec, createdBy: userId });
  const build = await insertBuild(trx, { orgId, serverId: server.id, versionId: row.id, createdBy: userId });
  await recordAudit(
    trx,
    auditEvent(origin, {
      action: 'server.spec_update',
      resourceType: 'server',
      resourceId: server.id,
      metadata: { slug: server.slug, version, buildId: build.id },
    }),
  );
  return { versionId: row.id, buildId: build.id };
}

/** Validates the spec, stores it as the next version and queues its build; returns the build. */
export async function updateServerSpec(
  db: Db,
  auth: Auth,
  origin: AuditOrigin,
  serverId: string,
  input: unknown,
): Promise<string> {
  const { buildId } = await db.transaction().execute(async (trx) => {
    const locked = await lockServer(trx, auth.orgId, serverId);
    if (!locked) throw notFound('server');
    const spec = checkSpec(input, locked.slug);
    const result = await addVersion(trx, auth, origin, locked, spec, await nextVersionNumber(trx, serverId));
    await updateServer(trx, serverId, {});
    return result;
  });
  await notify(db, Channels.buildEvent, { buildId, status: 'queued' });
  return buildId;
}

/** Serves an earlier published version again (nothing changes when it is already served). */
export async function rollbackServer(
  db: Db,
  orgId: string,
  origin: AuditOrigin,
  serverId: string,
  version: number,
): Promise<void> {
  const slug = await db.transaction().execute(async (trx) => {
    const locked = await lockServer(trx, orgId, serverId);
    if (!locked) throw notFound('server');
    const target = await findVersion(trx, serverId, version);
    if (!target) throw new HttpProblem(404, 'version_not_found', `This server has no version ${version}.`);
    if (!target.published_at) {
      throw conflict(
        'version_not_published',
        `Version ${version} was never published; only published versions can be served.`,
      );
    }
    if (target.id === locked.current_version_id) return locked.slug;
    const from = locked.current_version_id;
    await updateServer(trx, serverId, { current_version_id: target.id });
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'server.rollback',
        resourceType: 'server',
        resourceId: serverId,
        metadata: { slug: locked.slug, version, fromVersionId: from, toVersionId: target.id },
      }),
    );
    return locked.slug;
  });
  await notify(db, Channels.serverChanged, { serverId, slug });
}

/**
 * Changes name, description, visibility or allowlist. Narrowed visibility or a shorter allowlist
 * ends the grants (and live tokens) of those left out.
 */
export async function updateServerSettings(
  db: Db,
  orgId: string,
  origin: AuditOrigin,
  serverId: string,
  patch: ServerSettings,
): Promise<void> {
  const slug = await db.transaction().execute(async (trx) => {
    const locked = await lockServer(trx, orgId, serverId);
    if (!locked) throw notFound('server');
    await updateServer(trx, serverId, patch satisfies ServerUpdate);
    const narrowed = patch.visibility !== undefined || patch.allowlist !== undefined;
    const grantsRevoked = narrowed ? await revokeLostAccess(trx, { orgId, serverId }) : [];
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'server.update',
        resourceType: 'server',
        resourceId: serverId,
        metadata: { slug: locked.slug, changes: { ...patch }, grantsRevoked: grantsRevoked.length },
      }),
    );
    return locked.slug;
  });
  await notify(db, Channels.serverChanged, { serverId, slug });
}

/**
 * Deletes a server (soft): its unfinished builds are canceled, the runner stops serving it at once,
 * its users' upstream sign-ins are revoked and forgotten; the slug stays taken.
 */
export async function deleteServer(
  deps: Pick<ApiDeps, 'db' | 'keyring' | 'upstream'>,
  orgId: string,
  origin: AuditOrigin,
  serverId: string,
): Promise<void> {
  const { db } = deps;
  const { slug, builds } = await db.transaction().execute(async (trx) => {
    const locked = await lockServer(trx, orgId, serverId);
    if (!locked) throw notFound('server');
    const unfinished = await unfinishedBuildIds(trx, serverId);
    for (const b of unfinished) await cancelBuild(trx, b.id);
    await updateServer(trx, serverId, { deleted_at: new Date() });
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'server.delete',
        resourceType: 'server',
        resourceId: serverId,
        metadata: { slug: locked.slug, canceledBuilds: unfinished.map((b) => b.id) },
      }),
    );
    return { slug: locked.slug, builds: unfinished };
  });
  await notify(db, Channels.serverChanged, { serverId, slug });
  for (const b of builds) await notify(db, Channels.buildEvent, { buildId: b.id, status: 'canceled' });
  await disconnectUpstreams(deps, origin, { serverId }, 'server_deleted');
}
