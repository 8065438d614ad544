import Link from 'next/link';
import { PublicShell } from '@/components/site-chrome';

export default function NotFound() {
  return (
    <PublicShell>
      <div className="card empty">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <p>
          <Link href="/">Home</Link> · <Link href="/dashboard">Your servers</Link> ·{' '}
          <Link href="/docs">Docs</Link>
        </p>
      </div>
    </PublicShell>
  );
}
