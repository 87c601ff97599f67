'use client';

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFigure } from './chart-figure';
import { colorOf, dashOf, formatTick } from './palette';

export interface PrSeries {
  model: string;
  baseline: boolean;
  /** One point per K, K ascending. */
  points: Array<{ k: number; recall: number; precision: number }>;
}

/** Precision against recall as K grows from 1 to kMax, one line per model. */
export function PrCurveChart({ series, testId }: { series: PrSeries[]; testId?: string }) {
  const maxRecall = Math.max(0.05, ...series.flatMap((s) => s.points.map((p) => p.recall)));
  const kMax = series[0]?.points.length ?? 0;
  return (
    <ChartFigure title="Precision–recall" caption={`each point is one K = 1…${kMax}`} testId={testId}>
      <LineChart responsive style={{ width: '100%', height: 250 }} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e8ee" />
        <XAxis
          dataKey="recall"
          type="number"
          domain={[0, Math.min(1, Math.ceil(maxRecall * 20) / 20)]}
          tickFormatter={(v: number) => v.toFixed(2)}
          tick={{ fontSize: 11 }}
          label={{ value: 'recall', position: 'insideBottomRight', offset: -2, fontSize: 11 }}
        />
        <YAxis dataKey="precision" type="number" domain={[0, 'auto']} tickFormatter={(v: number) => v.toFixed(2)} width={40} tick={{ fontSize: 11 }} />
        <Tooltip
          formatter={(v) => formatTick(v)}
          labelFormatter={(_l, payload) => {
            const p = payload[0]?.payload as { k?: number; recall?: number } | undefined;
            return p ? `K = ${p.k}, recall ${formatTick(p.recall)}` : '';
          }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s, i) => (
          <Line
            key={s.model}
            data={s.points}
            dataKey="precision"
            name={s.model}
            stroke={colorOf(s.model, i)}
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
