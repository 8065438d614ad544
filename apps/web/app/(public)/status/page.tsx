import type { Metadata } from 'next';
import { StatusBoard } from './status-board';

export const metadata: Metadata = { title: 'Status' };

export default function StatusPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Status</h1>
          <p>Live health of every service, checked every 10 seconds.</p>
        </div>
      </div>
      <StatusBoard />
    </>
  );
}
