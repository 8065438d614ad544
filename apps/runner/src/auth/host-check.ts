import { sendProblem } from '@bmm/http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface HostPolicy {
  /** Host header values (host[:port], lower-case) the runner answers to. */
  hosts: Set<string>;
  /** Origins allowed to call from a browser; `*` allows any. */
  origins: Set<string>;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** RUNNER_URL's host, the configured aliases, and each with its default port spelled out. */
export function hostPolicy(runnerUrl: string, aliases: string[], extraOrigins: string[]): HostPolicy {
  const url = new URL(runnerUrl);
  const hosts = new Set<string>();
  const add = (host: string) => {
    const h = host.trim().toLowerCase();
    if (!h) return;
    hosts.add(h);
    if (!/:\d+$/.test(h) && !h.endsWith(']')) hosts.add(`${h}:${defaultPort(url.protocol)}`);
  };
  add(url.host);
  for (const alias of aliases) add(alias);
  const origins = new Set<string>([url.origin]);
  for (const alias of aliases)
    if (alias.trim()) origins.add(`${url.protocol}//${alias.trim().toLowerCase()}`);
  for (const origin of extraOrigins) if (origin.trim()) origins.add(origin.trim().replace(/\/+$/, ''));
  return { hosts, origins };
}

export function originAllowed(policy: HostPolicy, origin: string | undefined): boolean {
  return origin === undefined || policy.origins.has('*') || policy.origins.has(origin);
}

/**
 * DNS-rebinding protection, before anything else: a request whose Host is not the runner's public
 * host (or an alias), or that comes from a browser page of another origin, is refused.
 */
export function hostCheck(policy: HostPolicy, options: { checkOrigin: boolean } = { checkOrigin: true }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const host = request.headers.host?.toLowerCase();
    if (!host || !policy.hosts.has(host)) {
      return sendProblem(reply, 421, {
        code: 'misdirected_request',
        detail: 'This host is not served here.',
      });
    }
    if (options.checkOrigin && !originAllowed(policy, request.headers.origin)) {
      return sendProblem(reply, 403, {
        code: 'origin_not_allowed',
        detail: 'Requests from this origin are not allowed.',
      });
    }
  };
}
