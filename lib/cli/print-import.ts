import type { ImportSummary } from '@/lib/db/import-events';

/** Prints an import's outcome for people: counts, time span, speed and skipped-row reasons. */
export function printImportSummary(s: ImportSummary, target: string): void {
  const n = (x: number) => x.toLocaleString('en');
  const span = s.minEventTime !== null ? `${new Date(s.minEventTime).toISOString()} .. ${new Date(s.maxEventTime!).toISOString()}` : 'no new events';
  const rate = s.durationMs > 0 ? Math.round((s.rowsTotal * 1000) / s.durationMs) : s.rowsTotal;
  console.log(`imported ${s.sourceFile} (${s.format}) into ${target} as data set #${s.datasetId}`);
  console.log(`  rows ${n(s.rowsTotal)}: ${n(s.rowsAccepted)} new, ${n(s.rowsDuplicate)} already stored, ${n(s.rowsRejected)} skipped`);
  console.log(`  new users ${n(s.newUsers)}, new merchants ${n(s.newMerchants)}; events ${span}`);
  console.log(`  ${(s.durationMs / 1000).toFixed(1)} s, ${n(rate)} rows/s`);
  for (const [reason, count] of Object.entries(s.rejectionReasons).slice(0, 10)) console.log(`  skipped ${n(count)} × ${reason}`);
}
