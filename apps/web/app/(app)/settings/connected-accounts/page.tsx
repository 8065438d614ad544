import type { Metadata } from 'next';
import { ConnectedAccounts } from './connected-accounts';

export const metadata: Metadata = { title: 'Connected accounts' };

export default function ConnectedAccountsPage() {
  return <ConnectedAccounts />;
}
