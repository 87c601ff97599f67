'use client';

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';

import type { HistogramBin } from '@/lib/db/merchant-lists';

/** Bar chart of the audience's affinity in bins of 0.1 (recharts; drawn after hydration). */
export function AudienceHistogram({ bins, total }: { bins: HistogramBin[]; total: number }) {
  const data = bins.map((b) => ({ range: `${b.from.toFixed(1)}–${b.to.toFixed(1)}`, users: b.users }));
  const summary = bins
    .filter((b) => b.users > 0)
    .map((b) => `${b.users} between ${b.from.toFixed(1)} and ${b.to.toFixed(1)}`)
    .join(', ');
  return (
    <figure className="chart" role="img" aria-label={`Affinity of the ${total} audience users: ${summary || 'none'}`} data-testid="audience-histogram">
      <BarChart responsive data={data} style={{ width: '100%', height: 200 }} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="range" tick={{ fontSize: 11 }} interval={0} />
        <YAxis allowDecimals={false} width={40} tick={{ fontSize: 11 }} />
        <Tooltip formatter={(v) => [`${String(v)} users`, 'Audience']} labelFormatter={(l) => `Affinity ${String(l)}`} />
        <Bar dataKey="users" fill="var(--accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
      <figcaption className="subtle small">Users per affinity band (0–1; 1 = the merchant is the user&apos;s strongest match among merchants they never ordered at).</figcaption>
    </figure>
  );
}
