import { Channels, notify, recordAudit } from '@bmm/db';
import { lockBuildForDeploy, markDeployed } from '../builds/builds.repository.js';
import {
  lockServer,
  publishedHash,
  publishVersion,
  restoreVersion,
  setCurrentVersion,
} from '../servers/servers.repository.js';
import { BuildCanceled, fail, LostOwnership, type StepContext } from './context.js';

/** Normalizes the spec and hashes it, on the spec thread (large specs take tens of milliseconds). */
export async function packageStep(ctx: StepContext): Promise<string> {
  const packaged = await ctx.specs.package(ctx.state.spec!, ctx.state.server!.slug);
  ctx.state.artifact = packaged.artifact;
  ctx.state.hash = packaged.hash;
  ctx.state.artifactJson = packaged.json;
  await ctx.log.info('package', `artifact ${packaged.hash} (${Buffer.byteLength(packaged.json)} bytes)`);
  return packaged.hash;
}

/** Sets artifact + hash once; a published version is immutable (a rebuild must produce the same hash). */
export async function publishStep(ctx: StepContext): Promise<string> {
  const { db, state } = ctx;
  const version = state.version!;
  if (await publishVersion(db, version.id, { json: state.artifactJson!, hash: state.hash! }))
    return `version ${version.version} published`;
  const existing = await publishedHash(db, version.id);
  if (existing !== state.hash)
    fail(
      `Version ${version.version} is already published with a different artifact (${existing}); versions are immutable — create a new version instead.`,
    );
  return `version ${version.version} was already published with the same artifact`;
}

/**
 * Points the server at this version. The build row is locked and its progress marker
 * (current_step 'deploy' → 'verify') moves in the same transaction, so a build reclaimed after a
 * crash never deploys twice.
 */
export async function deployStep(ctx: StepContext): Promise<string> {
  const { db, build, workerId, state } = ctx;
  const server = state.server!;
  const version = state.version!;
  const outcome = await db.transaction().execute(async (trx) => {
    const row = await lockBuildForDeploy(trx, build.id);
    if (row.status !== 'running' || row.worker_id !== workerId)
      throw new LostOwnership('build taken over before deploy');
    if (row.current_step === 'verify') return 'already' as const;
    if (row.cancel_requested_at) return 'canceled' as const;
    const current = await lockServer(trx, server.id);
    if (current.deleted_at) fail('The server was deleted during the build; nothing was deployed.');
    await setCurrentVersion(trx, server.id, version.id);
    await markDeployed(trx, build.id);
    await recordAudit(trx, {
      orgId: build.org_id,
      actor: { type: 'system', id: `builder:${workerId}` },
      action: 'server.deploy',
      resource: { type: 'server', id: server.id },
      metadata: {
        buildId: build.id,
        versionId: version.id,
        version: version.version,
        previousVersionId: current.current_version_id,
      },
    });
    return { previous: current.current_version_id };
  });
  if (outcome === 'canceled') throw new BuildCanceled();
  if (outcome === 'already') {
    state.deployed = true;
    return `version ${version.version} was already deployed by an earlier attempt`;
  }
  state.previousVersionId = outcome.previous;
  state.deployed = true;
  await notify(db, Channels.serverChanged, { serverId: server.id, slug: server.slug });
  return `version ${version.version} is live`;
}

/** After a failed verify: the previous version serves again (if this one is still current). */
export async function undeploy(ctx: StepContext): Promise<boolean> {
  const { db, state, build } = ctx;
  if (!state.deployed || state.previousVersionId === undefined) return false;
  const server = state.server!;
  if (!(await restoreVersion(db, server.id, state.version!.id, state.previousVersionId))) return false;
  await recordAudit(db, {
    orgId: build.org_id,
    actor: { type: 'system', id: `builder:${ctx.workerId}` },
    action: 'server.rollback',
    resource: { type: 'server', id: server.id },
    metadata: { buildId: build.id, reason: 'verify failed', versionId: state.previousVersionId },
  });
  await notify(db, Channels.serverChanged, { serverId: server.id, slug: server.slug });
  return true;
}
