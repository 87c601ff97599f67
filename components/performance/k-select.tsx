'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';

/** K of the "values at K" table and of the marker on the curves, kept in ?k=. */
export function KSelect({ k, kMax }: { k: number; kMax: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const onChange = (value: string) => {
    const q = new URLSearchParams(search.toString());
    if (value === '10') q.delete('k');
    else q.set('k', value);
    const s = q.toString();
    startTransition(() => router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false }));
  };
  return (
    <label className="row" style={{ gap: 6 }}>
      <span className="small">K</span>
      <select value={k} onChange={(e) => onChange(e.target.value)} aria-label="K (list length)" aria-busy={pending}>
        {Array.from({ length: kMax }, (_, i) => i + 1).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}
