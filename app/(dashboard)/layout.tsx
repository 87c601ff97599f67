import Link from 'next/link';
import type { ReactNode } from 'react';

import { TabBar } from '@/components/ui/tab-bar';

const TABS = [
  { href: '/performance', label: 'Performance' },
  { href: '/users', label: 'Users' },
  { href: '/merchants', label: 'Merchants' },
  { href: '/segments', label: 'Segments' },
  { href: '/data', label: 'Data' },
] as const;

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          Merchant recommendations
        </Link>
        <TabBar tabs={TABS} />
      </header>
      <main>{children}</main>
    </div>
  );
}
