import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Privacy' };

export default function PrivacyPage() {
  return (
    <div className="article">
      <h1>Privacy</h1>
      <p>
        This notice explains what the hosted service stores and why. A self-hosted installation stores the
        same data on your own infrastructure.
      </p>
      <h2>What we store</h2>
      <ul>
        <li>Your account: name, email address and a password hash.</li>
        <li>Your organizations, members, invitations and API keys (hashed).</li>
        <li>Your servers: their specs, versions, build logs and encrypted secrets.</li>
        <li>OAuth records: registered clients, grants you approved, hashed codes and refresh tokens.</li>
        <li>
          Usage: for each tool call, the server, tool, status, duration and time — not the arguments or
          results.
        </li>
        <li>The audit log: actions, IP addresses and user agents, kept for your organization’s review.</li>
      </ul>
      <h2>What we do not do</h2>
      <ul>
        <li>We do not sell data or use it for advertising.</li>
        <li>We do not read tool arguments or results; the runner passes them between client and upstream.</li>
        <li>
          We set one cookie, <code>bmm_session</code>, to keep you signed in. No tracking cookies.
        </li>
      </ul>
      <h2>Your choices</h2>
      <p>
        You can export a server, delete servers and leave organizations at any time. To delete your account,
        write to <a href="mailto:privacy@buildmymcpserver.dev">privacy@buildmymcpserver.dev</a>.
      </p>
    </div>
  );
}
