import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Security' };

const CONTACT = 'security@buildmymcpserver.dev';

/** The eight promises the platform is built on (docs/architecture.md, "Non-negotiables" and flows). */
const PILLARS: { id: string; title: string; summary: string; details: ReactNode[] }[] = [
  {
    id: 'oauth',
    title: 'OAuth 2.1 for every server, no pasted tokens',
    summary:
      'Every hosted server is an OAuth 2.1 protected resource. Clients discover, register and sign in; a person approves on a consent page that names the client, the server and the scopes.',
    details: [
      <>
        PKCE (S256) is mandatory, redirect URIs match exactly, and the authorization response carries{' '}
        <code>iss</code> (RFC 9207).
      </>,
      'Loopback redirect URIs may not carry credentials; registration over its rate limit gets 429 with Retry-After.',
      'The consent page cannot be framed, and its approval is bound to your session.',
    ],
  },
  {
    id: 'audience',
    title: 'A token opens one server, for a short time',
    summary:
      'Access tokens are bound to one server’s URL (RFC 8707, RFC 9068): a token for server A never opens server B.',
    details: [
      'Access tokens live one hour; refresh tokens rotate on every use and a replay revokes the whole family.',
      'Taking access away ends it at once: removing a member, narrowing a server to its organization or shortening its allowlist revokes their grants and denylists their live tokens, which every runner refuses within seconds. API keys a removed or demoted admin created are revoked too.',
      'An email address counts only once it is verified by a single-use, 24-hour link: until then it opens no allowlisted server and accepts no invitation.',
    ],
  },
  {
    id: 'passthrough',
    title: 'No token passthrough',
    summary:
      'The token an MCP client presents is never forwarded to an upstream API. A server that acts as you at GitHub or Google uses its own sign-in, stored encrypted per person and server.',
    details: [
      'Upstream sign-ins use PKCE and a single-use state bound to the person who started them.',
      'You see and disconnect them under Settings → Connected accounts.',
    ],
  },
  {
    id: 'at-rest',
    title: 'Secrets encrypted or hashed at rest',
    summary:
      'Server secrets, signing keys and upstream tokens are encrypted with AES-256-GCM (envelope encryption under a versioned master key), each bound to its server and name.',
    details: [
      'Passwords are hashed with argon2id; session tokens, API keys, codes and refresh tokens are stored only as SHA-256 hashes.',
      'Secret values are never shown again after you save them.',
    ],
  },
  {
    id: 'no-leaks',
    title: 'Secrets never leak',
    summary: 'Secrets never appear in responses, logs, build logs or audit records.',
    details: [
      'Builds test tools with placeholder secrets, so no value can reach a build log.',
      'Logs redact authorization headers, cookies and secret fields.',
    ],
  },
  {
    id: 'sandbox',
    title: 'Tools run sandboxed and reach only what they declare',
    summary:
      'Code tools run in QuickJS compiled to WebAssembly with CPU, memory, stack and output limits, on worker threads, so a runaway tool never stalls others.',
    details: [
      'Outbound requests go only to the hosts a server declares and never reach private, loopback or link-local addresses — checked again after DNS resolution.',
      <>
        Tool schema <code>pattern</code>s run on RE2 (linear time) everywhere; values filled into a URL are
        percent-encoded and cannot add a path segment, query or fragment.
      </>,
    ],
  },
  {
    id: 'tenancy',
    title: 'Organizations are walled off',
    summary:
      'Every query for organization data is scoped to the caller’s organization: another organization’s server, build or key answers “not found”.',
    details: [
      'A private server looks exactly like a missing one to anyone without a token for it: no name, no scopes.',
      'A build-log socket needs a ticket that works once, only for a person (or API key) who may still see that build, and only from this site’s own pages.',
      'Sign-up and sign-in do not reveal which addresses have accounts.',
    ],
  },
  {
    id: 'audit',
    title: 'Every change is on the record, and bad input changes nothing',
    summary:
      'Every state change — sign-ins, servers, secrets (names only), members, keys, plans, OAuth grants — is written to the audit log your organization sees.',
    details: [
      <>
        Read it under <Link href="/audit">Audit log</Link>.
      </>,
      'Bad input gets a precise error and changes nothing: text a database cannot store, JSON nested too deep and out-of-range numbers are refused before anything is looked up. A fuzz test sends hostile values to every API operation and OAuth endpoint and fails on any server error.',
    ],
  },
];

export default function SecurityPage() {
  return (
    <div className="article">
      <h1>Security</h1>
      <p>
        How the platform protects your servers, your users and your credentials: eight promises, each kept by
        the code and checked by its tests.
      </p>
      <nav aria-label="The eight pillars">
        <ol data-testid="pillars">
          {PILLARS.map((p) => (
            <li key={p.id}>
              <a href={`#${p.id}`}>{p.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      {PILLARS.map((p, i) => (
        <section key={p.id} id={p.id} aria-labelledby={`${p.id}-title`}>
          <h2 id={`${p.id}-title`}>
            {i + 1}. {p.title}
          </h2>
          <p>{p.summary}</p>
          <ul>
            {p.details.map((d, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
              <li key={j}>{d}</li>
            ))}
          </ul>
        </section>
      ))}
      <section id="disclosure" aria-labelledby="disclosure-title">
        <h2 id="disclosure-title">Reporting a vulnerability</h2>
        <p>
          Please report security issues privately to <a href={`mailto:${CONTACT}`}>{CONTACT}</a> (also listed
          in <a href="/.well-known/security.txt">security.txt</a>). Include what you found, how to reproduce
          it and what an attacker could do with it.
        </p>
        <ul>
          <li>We acknowledge within two working days and keep you informed until it is fixed.</li>
          <li>
            We ask for 90 days before public disclosure, less once a fix is released; we credit you unless you
            prefer otherwise.
          </li>
          <li>
            Research in good faith — no access to other people’s data, no service disruption, no social
            engineering — will not meet legal action from us.
          </li>
          <li>
            Self-hosted installs: the operator runs them; report problems in the software to us, problems of a
            particular install to its operator.
          </li>
        </ul>
      </section>
    </div>
  );
}
