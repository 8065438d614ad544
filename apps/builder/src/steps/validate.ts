import { formatIssues, type ServerSpec } from '@bmm/spec';
import { findServer, findVersion, secretNames } from '../servers/servers.repository.js';
import { fail, type StepContext } from './context.js';

const CODE_SECRET_REF = /ctx\.secrets(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

function httpHosts(spec: ServerSpec): string[] {
  const hosts = new Set<string>();
  for (const tool of spec.tools) {
    if (tool.impl.kind === 'http') {
      const host = tool.impl.url.match(/^https?:\/\/([^/{}?#]+)/i)?.[1];
      if (host) hosts.add(host.toLowerCase());
    }
  }
  return [...hosts];
}

/** Structure and meaning of the spec, code-tool secret references, and every required secret present. */
export async function validateStep(ctx: StepContext): Promise<string> {
  const { db, build, log } = ctx;
  const server = await findServer(db, build.server_id);
  if (!server || server.deleted_at) fail('The server was deleted; there is nothing to build.');
  const version = await findVersion(db, server.id, build.version_id);
  if (!version) fail('The version of this build does not exist any more.');
  ctx.state.server = server;
  ctx.state.version = version;
  await log.info('validate', `server ${server.slug}, version ${version.version}`);

  // On the spec thread: a large spec's schemas take ajv about a second to compile.
  const result = await ctx.specs.validate(version.spec);
  if (!result.ok) {
    const shown = result.issues.slice(0, 20);
    fail(
      `The spec has ${result.issues.length} problem(s); fix them in the tool editor and rebuild:\n${formatIssues(shown)}${
        result.issues.length > shown.length ? `\n… and ${result.issues.length - shown.length} more` : ''
      }`,
    );
  }
  const spec = result.spec;
  if (spec.slug !== server.slug)
    await log.warn(
      'validate',
      `spec slug "${spec.slug}" differs from the server's slug "${server.slug}"; the server's slug is used`,
    );

  checkSecretReferences(spec);
  const present = new Set(await secretNames(db, server.id));
  const missing = spec.secrets.filter((s) => s.required && !present.has(s.name)).map((s) => s.name);
  if (missing.length)
    fail(
      `Missing required secret${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in the server's Secrets, then rebuild.`,
    );
  checkFetchHosts(spec);

  ctx.state.spec = spec;
  const http = spec.tools.filter((t) => t.impl.kind === 'http').length;
  const hosts = httpHosts(spec);
  await log.info(
    'validate',
    `${spec.tools.length} tool(s): ${http} http, ${spec.tools.length - http} code; secrets ${spec.secrets.map((s) => s.name).join(', ') || 'none'} (${present.size} set)`,
  );
  if (hosts.length || spec.allowedHosts?.length)
    await log.info('validate', `upstream hosts: ${[...hosts, ...(spec.allowedHosts ?? [])].join(', ')}`);
  return `spec valid (${spec.tools.length} tools)`;
}

/** Code tools name only secrets the spec declares. */
function checkSecretReferences(spec: ServerSpec): void {
  const declared = new Set(spec.secrets.map((s) => s.name));
  const undeclared: string[] = [];
  for (const tool of spec.tools) {
    if (tool.impl.kind !== 'code') continue;
    for (const m of tool.impl.source.matchAll(CODE_SECRET_REF)) {
      const name = m[1] ?? m[2]!;
      if (!declared.has(name)) undeclared.push(`${tool.name} uses ctx.secrets.${name}`);
    }
  }
  if (undeclared.length)
    fail(
      `Code tools use secrets the spec does not declare (add them under "secrets"): ${[...new Set(undeclared)].join('; ')}`,
    );
}

/** Code tools call `ctx.fetch` only when the spec allows some host. */
function checkFetchHosts(spec: ServerSpec): void {
  const fetching = spec.tools.filter((t) => t.impl.kind === 'code' && /ctx\.fetch\s*\(/.test(t.impl.source));
  if (fetching.length && !spec.allowedHosts?.length)
    fail(
      `Code tool${fetching.length > 1 ? 's' : ''} ${fetching.map((t) => t.name).join(', ')} call ctx.fetch but the spec allows no host: list the hosts under "allowedHosts".`,
    );
}
