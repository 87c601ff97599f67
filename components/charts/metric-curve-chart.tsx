'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFigure } from './chart-figure';
import { colorOf, dashOf, formatTick } from './palette';
import type { ChartRow, ChartSeries } from './types';

/**
 * A ranking metric against K (rows: `{ k, [model]: value }`), one line per model, with a
 * dotted marker at the K chosen on the page.
 */
export function MetricCurveChart({ title, rows, series, k, testId }: { title: string; rows: ChartRow[]; series: ChartSeries[]; k: number; testId?: string }) {
  const kMax = rows.length;
  return (
    <ChartFigure title={title} caption={`K = 1…${kMax}`} testId={testId}>
      <LineChart responsive style={{ width: '100%', height: 250 }} data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e8ee" />
        <XAxis dataKey="k" type="number" domain={[1, Math.max(1, kMax)]} ticks={[1, 5, 10, 15, 20].filter((t) => t <= kMax)} tick={{ fontSize: 11 }} />
        <YAxis domain={[0, 'auto']} tickFormatter={(v: number) => v.toFixed(2)} width={40} tick={{ fontSize: 11 }} />
        <Tooltip formatter={(v) => formatTick(v)} labelFormatter={(label) => `K = ${String(label)}`} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        <ReferenceLine x={k} stroke="#5b6677" strokeDasharray="2 3" />
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={colorOf(s.key, i)}
            strokeDasharray={dashOf(s.baseline)}
            strokeWidth={2}
            dot={{ r: 2, strokeDasharray: '0' }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFigure>
  );
}
