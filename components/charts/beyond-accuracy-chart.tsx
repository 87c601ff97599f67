'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFigure } from './chart-figure';
import { formatTick } from './palette';

export interface BeyondAccuracyRow {
  model: string;
  coverage: number | null;
  diversity: number | null;
}

/** Catalogue coverage and intra-list diversity per model (both 0..1, at K = beyondK). */
export function BeyondAccuracyChart({ rows, k, testId }: { rows: BeyondAccuracyRow[]; k: number; testId?: string }) {
  return (
    <ChartFigure title="Coverage and diversity" caption={`@${k}: share of merchants ever recommended; mean dissimilarity within a list`} testId={testId}>
      <BarChart responsive style={{ width: '100%', height: 250 }} data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e8ee" />
        <XAxis dataKey="model" tick={{ fontSize: 11 }} />
        <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => v.toFixed(2)} width={40} tick={{ fontSize: 11 }} />
        <Tooltip formatter={(v) => formatTick(v)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="coverage" name={`coverage@${k}`} fill="#2457d6" isAnimationActive={false} />
        <Bar dataKey="diversity" name={`diversity@${k}`} fill="#15803d" isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}
