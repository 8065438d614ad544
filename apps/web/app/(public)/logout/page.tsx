import type { Metadata } from 'next';
import { Logout } from '@/components/auth/logout';

export const metadata: Metadata = { title: 'Log out' };

export default function LogoutPage() {
  return <Logout />;
}
