import { Channels, notify, recordAudit } from '@bmm/db';
import { type ServerSpec, specHash, toolScopes } from '@bmm/spec';
import { sql } from 'kysely';
import { BuildCanceled, fail, LostOwnership, type StepContext } from './context.js';

/** The spec as the runner serves it: the server's slug, explicit scopes and hosts. */
export function normalizeSpec(spec: ServerSpec, slug: string): ServerSpec {
  const copy = structuredClone(spec);
  return {
    ...copy,
    slug,
    allowedHosts: copy.allowedHosts ?? [],
    tools: copy.tools.map((tool) => ({ ...tool, scopes: toolScopes(tool) })),
  };
}

export async function packageStep(ctx: StepContext): Promise<string> {
  const artifact = normalizeSpec(ctx.state.spec!, ctx.state.server!.slug);
  ctx.state.artifact = artifact;
  ctx.state.hash = specHash(artifact);
  const bytes = Buffer.byteLength(JSON.stringify(artifact));
  await ctx.log.info('package', `artifact ${ctx.state.hash} (${bytes} bytes)`);
  return ctx.state.hash;
}

/** Sets artifact + hash once; a published version is immutable (a rebuild must produce the same hash). */
export async function publishStep(ctx: StepContext): Promise<string> {
  const { db, state } = ctx;
  const published = await db
    .updateTable('server_versions')
    .set({
      artifact: JSON.stringify(state.artifact) as never,
      spec_hash: state.hash!,
      published_at: sql<Date>`now()`,
    })
    .where('id', '=', state.version!.id)
    .where('published_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (published) return `version ${state.version!.version} published`;
  const existing = await db
    .selectFrom('server_versions')
    .select('spec_hash')
    .where('id', '=', state.version!.id)
    .executeTakeFirstOrThrow();
  if (existing.spec_hash !== state.hash)
    fail(
      `Version ${state.version!.version} is already published with a different artifact (${existing.spec_hash}); versions are immutable — create a new version instead.`,
    );
  return `version ${state.version!.version} was already published with the same artifact`;
}

/**
 * Points the server at this version. The build row is locked and its progress marker
 * (current_step 'deploy' → 'verify') moves in the same transaction, so a build reclaimed after a
 * crash never deploys twice.
 */
export async function deployStep(ctx: StepContext): Promise<string> {
  const { db, build, workerId, state } = ctx;
  const outcome = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('builds')
      .select(['status', 'worker_id', 'current_step', 'cancel_requested_at'])
      .where('id', '=', build.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== 'running' || row.worker_id !== workerId)
      throw new LostOwnership('build taken over before deploy');
    if (row.current_step === 'verify') return 'already' as const;
    if (row.cancel_requested_at) return 'canceled' as const;
    const server = await trx
      .selectFrom('servers')
      .select(['current_version_id', 'deleted_at'])
      .where('id', '=', state.server!.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (server.deleted_at) fail('The server was deleted during the build; nothing was deployed.');
    await trx
      .updateTable('servers')
      .set({ current_version_id: state.version!.id, updated_at: sql<Date>`now()` })
      .where('id', '=', state.server!.id)
      .execute();
    await trx.updateTable('builds').set({ current_step: 'verify' }).where('id', '=', build.id).execute();
    await recordAudit(trx, {
      orgId: build.org_id,
      actor: { type: 'system', id: `builder:${workerId}` },
      action: 'server.deploy',
      resource: { type: 'server', id: state.server!.id },
      metadata: {
        buildId: build.id,
        versionId: state.version!.id,
        version: state.version!.version,
        previousVersionId: server.current_version_id,
      },
    });
    return { previous: server.current_version_id };
  });
  if (outcome === 'canceled') throw new BuildCanceled();
  if (outcome === 'already') {
    state.deployed = true;
    return `version ${state.version!.version} was already deployed by an earlier attempt`;
  }
  state.previousVersionId = outcome.previous;
  state.deployed = true;
  await notify(db, Channels.serverChanged, { serverId: state.server!.id, slug: state.server!.slug });
  return `version ${state.version!.version} is live`;
}

/** After a failed verify: the previous version serves again (if this one is still current). */
export async function undeploy(ctx: StepContext): Promise<boolean> {
  const { db, state, build } = ctx;
  if (!state.deployed || state.previousVersionId === undefined) return false;
  const restored = await db
    .updateTable('servers')
    .set({ current_version_id: state.previousVersionId, updated_at: sql<Date>`now()` })
    .where('id', '=', state.server!.id)
    .where('current_version_id', '=', state.version!.id)
    .returning('id')
    .executeTakeFirst();
  if (!restored) return false;
  await recordAudit(db, {
    orgId: build.org_id,
    actor: { type: 'system', id: `builder:${ctx.workerId}` },
    action: 'server.rollback',
    resource: { type: 'server', id: state.server!.id },
    metadata: { buildId: build.id, reason: 'verify failed', versionId: state.previousVersionId },
  });
  await notify(db, Channels.serverChanged, { serverId: state.server!.id, slug: state.server!.slug });
  return true;
}
