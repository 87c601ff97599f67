import Link from 'next/link';

import type { Protocol } from '@/lib/db/run-types';

import { KSelect } from './k-select';
import { performanceHref, type PerformanceParams } from './url';

const PROTOCOL_HELP: Record<Protocol, string> = {
  all: 'All: re-orders count as hits (a favourite merchant is a good recommendation).',
  discovery: 'Discovery: merchants the user already ordered from are excluded from lists and from the answers.',
};

/** Protocol switch (links, so the choice lives in the URL) and the K of tables and curves. */
export function ViewControls({ params, protocols, kMax }: { params: Required<Pick<PerformanceParams, 'protocol' | 'k'>> & PerformanceParams; protocols: Protocol[]; kMax: number }) {
  return (
    <div className="row view-controls">
      <nav className="segmented" aria-label="Evaluation protocol">
        {(['all', 'discovery'] as const).map((p) =>
          protocols.includes(p) ? (
            <Link key={p} href={performanceHref(params, { protocol: p })} aria-current={params.protocol === p ? 'page' : undefined} scroll={false}>
              {p === 'all' ? 'All orders' : 'Discovery'}
            </Link>
          ) : (
            <span key={p} className="disabled" title="This run has no metrics for this protocol">
              {p === 'all' ? 'All orders' : 'Discovery'}
            </span>
          ),
        )}
      </nav>
      <KSelect k={params.k} kMax={kMax} />
      <span className="subtle small">{PROTOCOL_HELP[params.protocol]}</span>
    </div>
  );
}
