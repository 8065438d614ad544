import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Terms' };

export default function TermsPage() {
  return (
    <div className="article">
      <h1>Terms of service</h1>
      <p>By creating an account you agree to these terms.</p>
      <h2>Your servers</h2>
      <p>
        You are responsible for the tools you deploy, the upstream services they call and the credentials you
        store. Only connect services you are allowed to use, and respect their terms.
      </p>
      <h2>Acceptable use</h2>
      <ul>
        <li>No attacks on other systems, scanning or attempts to reach private networks through tools.</li>
        <li>No malware, spam or content that is illegal where you or your users are.</li>
        <li>No attempts to break the isolation between organizations or servers.</li>
      </ul>
      <h2>Limits and availability</h2>
      <p>
        Plans have limits (see <Link href="/pricing">Pricing</Link>). We aim for high availability and publish
        live status on <Link href="/status">the status page</Link>, but the service is provided as is, without
        warranty.
      </p>
      <h2>Ending</h2>
      <p>
        You can stop using the service at any time. We may suspend accounts that break these terms, after
        notice where possible. See also the <Link href="/privacy">privacy notice</Link>.
      </p>
    </div>
  );
}
