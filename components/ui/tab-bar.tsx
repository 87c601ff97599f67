'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface Tab {
  href: string;
  label: string;
}

/** The dashboard's tab bar; the tab whose path prefixes the current URL is marked current. */
export function TabBar({ tabs }: { tabs: readonly Tab[] }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Dashboard sections">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} aria-current={pathname === t.href || pathname.startsWith(`${t.href}/`) ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
