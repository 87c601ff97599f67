'use client';

import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFigure } from './chart-figure';
import { colorOf, dashOf, formatTick } from './palette';
import type { ChartRow, ChartSeries } from './types';

export interface TrendData {
  k: number;
  /** Rows `{ date, users, [model]: value }`, one per test day. */
  hitRate: ChartRow[];
  ndcg: ChartRow[];
}

/** HitRate@K or NDCG@K of the users whose first test order fell on each day, with user counts. */
export function TrendChart({ data, series, testId }: { data: TrendData; series: ChartSeries[]; testId?: string }) {
  const [metric, setMetric] = useState<'hitRate' | 'ndcg'>('hitRate');
  const label = metric === 'hitRate' ? `HitRate@${data.k}` : `NDCG@${data.k}`;
  return (
    <ChartFigure title={`${label} by day`} caption="users grouped by the day of their first test order; bars: users that day" testId={testId}>
      <div className="row small" role="group" aria-label="Trend metric">
        {(['hitRate', 'ndcg'] as const).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="trend-metric" value={m} checked={metric === m} onChange={() => setMetric(m)} />
            {m === 'hitRate' ? `HitRate@${data.k}` : `NDCG@${data.k}`}
          </label>
        ))}
      </div>
      <ComposedChart responsive style={{ width: '100%', height: 260 }} data={data[metric]} margin={{ top: 8, right: 4, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e8ee" />
        <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis yAxisId="metric" domain={[0, 'auto']} tickFormatter={(v: number) => v.toFixed(2)} width={40} tick={{ fontSize: 11 }} />
        <YAxis yAxisId="users" orientation="right" allowDecimals={false} width={40} tick={{ fontSize: 11 }} />
        <Tooltip formatter={(v, name) => (name === 'users' ? String(v) : formatTick(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        <Bar yAxisId="users" dataKey="users" name="users" fill="#d5dae1" isAnimationActive={false} />
        {series.map((s, i) => (
          <Line
            key={s.key}
            yAxisId="metric"
            dataKey={s.key}
            name={s.label}
            stroke={colorOf(s.key, i)}
            strokeDasharray={dashOf(s.baseline)}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ChartFigure>
  );
}
