import Link from 'next/link';
import type { ReactNode } from 'react';

import { TabBar } from '@/components/ui/tab-bar';
import { logoutAction } from '@/lib/actions/auth';
import { authConfig, authRequired } from '@/lib/auth/session';

const TABS = [
  { href: '/performance', label: 'Performance' },
  { href: '/users', label: 'Users' },
  { href: '/merchants', label: 'Merchants' },
  { href: '/segments', label: 'Segments' },
  { href: '/data', label: 'Data' },
] as const;

export default function DashboardLayout({ children }: { children: ReactNode }) {
  const protectedApp = authRequired(authConfig());
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          Merchant recommendations
        </Link>
        <TabBar tabs={TABS} />
        <div style={{ marginLeft: 'auto' }}>
          {protectedApp ? (
            <form action={logoutAction}>
              <button className="btn" type="submit">
                Log out
              </button>
            </form>
          ) : (
            <span className="open-notice" title="Set DASHBOARD_PASSWORD (and API_TOKEN for the API) to require a password.">
              Open access: no password set
            </span>
          )}
        </div>
      </header>
      <main>{children}</main>
    </div>
  );
}
