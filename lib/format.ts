/** Formatting shared by pages, exports and the CLI. Pure; no locale surprises (en, UTC). */

const INT = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return INT.format(n);
}

/** A metric value in 0..1 with fixed decimals (default 3). */
export function formatMetric(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

export function formatPercent(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–';
}

export function formatMoney(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '–';
}

/** `2024-12-01` (UTC). */
export function formatDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : new Date(ms).toISOString().slice(0, 10);
}

/** `2024-12-01 10:00 UTC`. */
export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `1.2 s`, `850 ms`, `3 min 4 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
