import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Security' };

export default function SecurityPage() {
  return (
    <div className="article">
      <h1>Security</h1>
      <p>How the platform protects your servers, your users and your credentials.</p>
      <h2>Authorization</h2>
      <ul>
        <li>
          Every hosted server is an OAuth 2.1 protected resource; tokens are audience-bound to one server (RFC
          8707).
        </li>
        <li>
          PKCE (S256) is mandatory; redirect URIs match exactly; the authorization response carries{' '}
          <code>iss</code> (RFC 9207).
        </li>
        <li>
          Access tokens live one hour; refresh tokens rotate on every use and a replay revokes the whole
          family.
        </li>
        <li>Revoked tokens are refused by every runner within seconds; the consent page cannot be framed.</li>
        <li>
          Taking access away ends it at once: removing a member, narrowing a server to its organization or
          removing an address from its allowlist revokes their grants and refresh tokens and denylists their
          live access tokens, which every runner refuses within two seconds. API keys a removed or demoted
          admin created are revoked too.
        </li>
        <li>
          An email address counts only once it is verified by a single-use, 24-hour link: until then it opens
          no allowlisted server and accepts no invitation.
        </li>
        <li>
          Sign-up and sign-in do not reveal which addresses have accounts; the owner of an address is emailed
          when someone tries to sign up with it.
        </li>
        <li>
          A private server looks exactly like a missing one to anyone without a token for it: no name, no
          scopes. Loopback redirect URIs may not carry credentials; registration over its rate limit gets 429
          with Retry-After.
        </li>
        <li>
          A build-log socket needs a ticket that works once, only for a person (or API key) who may still see
          that build, and only from this site’s own pages.
        </li>
      </ul>
      <h2>Secrets</h2>
      <ul>
        <li>
          Server secrets are encrypted with AES-256-GCM (envelope encryption, versioned master key), bound to
          their server and name.
        </li>
        <li>
          Passwords are hashed with argon2id; session tokens, API keys, codes and refresh tokens are stored
          only as SHA-256 hashes.
        </li>
        <li>Secrets never appear in responses, logs, build logs or audit records.</li>
      </ul>
      <h2>Isolation</h2>
      <ul>
        <li>Code tools run in QuickJS compiled to WebAssembly, with CPU, memory, stack and output limits.</li>
        <li>
          Outbound requests from tools are limited to declared hosts and never reach private, loopback or
          link-local addresses.
        </li>
        <li>Every query for organization data is scoped to the caller’s organization.</li>
      </ul>
      <h2>Hostile input</h2>
      <ul>
        <li>
          The <code>pattern</code>s of tool schemas (and of imported OpenAPI documents) run on RE2, a
          linear-time regex engine, in the API, the builder, the runner and exported servers, so no pattern
          can stall a service; patterns RE2 cannot run (backreferences, lookaround) are refused when the spec
          is saved.
        </li>
        <li>
          Values filled into an HTTP tool’s URL are percent-encoded and cannot add a path segment, a query or
          a fragment; an input that would make a <code>.</code> or <code>..</code> segment is refused.
        </li>
        <li>
          A request body over a service’s limit is answered with <code>413</code> and a problem body, without
          resetting the connection.
        </li>
        <li>
          Every service refuses text a database cannot store (NUL characters, unpaired UTF-16 surrogates),
          JSON nested deeper than 64 levels and integers outside the database’s range with a <code>400</code>{' '}
          naming the field (an OAuth error on the authorization server) before anything is looked up or
          stored. A fuzz test sends hostile values to every operation of the API’s OpenAPI document and to
          every OAuth endpoint, and fails on any server error or undocumented status.
        </li>
        <li>
          Exported servers run the platform’s own validation, URL and outbound-guard code, copied unchanged at
          export time.
        </li>
      </ul>
      <h2>Accountability</h2>
      <p>
        Every state change — sign-ins, servers, secrets (names only), members, keys, OAuth grants — is written
        to the audit log, visible to your organization under <Link href="/audit">Audit log</Link>.
      </p>
      <h2>Reporting a vulnerability</h2>
      <p>
        Please report security issues privately to{' '}
        <a href="mailto:security@buildmymcpserver.dev">security@buildmymcpserver.dev</a>. We answer within two
        working days.
      </p>
    </div>
  );
}
