import Link from 'next/link';
import type { ReactNode } from 'react';

import { Card } from '@/components/ui/card';

import { EntitySearch } from './entity-search';

/**
 * The page of a user or merchant id that is not in the data: breadcrumb, what to do, and the
 * search box to try again.
 */
export function EntityNotFound({ kind, id, hint, label, placeholder }: { kind: 'users' | 'merchants'; id: string; hint: ReactNode; label: string; placeholder: string }) {
  const noun = kind === 'users' ? 'user' : 'merchant';
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href={`/${kind}`}>{kind === 'users' ? 'Users' : 'Merchants'}</Link> / <span className="mono">{id}</span>
      </nav>
      <h1>{noun === 'user' ? 'User' : 'Merchant'} not found</h1>
      <div className="alert alert-warn" role="alert">
        <strong>
          No {noun} {id} in the data; search again.
        </strong>{' '}
        {hint}
      </div>
      <Card>
        <EntitySearch kind={kind} label={label} placeholder={placeholder} />
      </Card>
    </div>
  );
}
