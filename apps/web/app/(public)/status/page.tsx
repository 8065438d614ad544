import type { Metadata } from 'next';
import { StatusBoard } from './status-board';
import { StatusHistory } from './status-history';

export const metadata: Metadata = { title: 'Status' };

export default function StatusPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Status</h1>
          <p>Live health of every service, checked every 10 seconds, and the last hour minute by minute.</p>
        </div>
      </div>
      <StatusBoard />
      <StatusHistory />
    </>
  );
}
