/** One colour per model, the same in every chart; baselines are drawn dashed. */
const COLORS: Record<string, string> = {
  random: '#98a2b3',
  popularity: '#d97706',
  repeat: '#8b5e3c',
  'item-knn': '#15803d',
  als: '#2457d6',
  hybrid: '#9333ea',
};
const SPARE = ['#0e7490', '#be123c', '#4d7c0f', '#7c3aed'];

export function colorOf(model: string, index = 0): string {
  return COLORS[model] ?? SPARE[index % SPARE.length]!;
}

/** Dash pattern of a series: baselines dashed, models solid. */
export function dashOf(baseline: boolean): string | undefined {
  return baseline ? '5 4' : undefined;
}

/** A tooltip number: three decimals. */
export function formatTick(v: unknown): string {
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(3) : '–';
}
