/** The Performance tab's URL state: ?run=ID&protocol=all|discovery&compare=ID&k=10. */
export interface PerformanceParams {
  run?: number | null;
  protocol?: 'all' | 'discovery';
  compare?: number | null;
  k?: number;
}

/** The /performance URL with `current` overridden by `change` (null removes a parameter). */
export function performanceHref(current: PerformanceParams, change: PerformanceParams = {}): string {
  const p = { ...current, ...change };
  const q = new URLSearchParams();
  if (p.run) q.set('run', String(p.run));
  if (p.protocol && p.protocol !== 'all') q.set('protocol', p.protocol);
  if (p.compare) q.set('compare', String(p.compare));
  if (p.k && p.k !== 10) q.set('k', String(p.k));
  const s = q.toString();
  return s ? `/performance?${s}` : '/performance';
}
