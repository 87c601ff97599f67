/**
 * Scheduled segment exports: writes every saved segment whose daily / weekly export is due to
 * outputs/recommendations/exports/segment-{id}/{kind}_{YYYY-MM-DD}.csv with the active run, and
 * records it in the export history shown on /segments.
 *
 *   npx tsx lib/cli/exports.ts                 # every due segment
 *   npx tsx lib/cli/exports.ts --segment 3     # one saved segment now, due or not
 *
 * From cron (hourly is fine: a segment is exported only when due, and a claim in the database
 * keeps this and the server's own timer from exporting the same segment twice):
 *
 *   15 * * * * cd /srv/merchant-recs && DATABASE_URL=file:./data/app.db npx tsx lib/cli/exports.ts >> data/exports.log 2>&1
 *
 * Exit code 1 when an export failed (the message says why), 0 otherwise.
 */
import { getSavedSegment } from '@/lib/db/saved-segments';
import { exportSavedSegment, runDueExports, type DueExportOutcome } from '@/lib/db/segment-export';

function print(d: DueExportOutcome): void {
  if (d.error) console.error(`segment #${d.segmentId} "${d.name}": failed: ${d.error}`);
  else console.log(`segment #${d.segmentId} "${d.name}": ${d.rows} rows → ${d.path}`);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--segment') {
    const id = Number(argv[1]);
    if (!Number.isInteger(id) || id < 1) throw new Error('--segment needs a saved segment id (see /segments)');
    const s = await getSavedSegment(id);
    print({ segmentId: s.id, name: s.name, ...(await exportSavedSegment(s)) });
    return 0;
  }
  if (argv.length > 0) throw new Error(`unknown arguments: ${argv.join(' ')} (usage: exports.ts [--segment ID])`);
  const done = await runDueExports();
  if (done.length === 0) console.log('no scheduled segment export is due');
  done.forEach(print);
  return done.some((d) => d.error) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  },
);
