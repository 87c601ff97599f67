import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

import type { IdIndex } from '@/lib/recsys';
import type { MetricsDocument } from '@/lib/recsys/metrics-document';
import type { RecommendationLists } from '@/lib/recsys/pipeline';

/** Header of DIR/recommendations/<model>.csv. */
export const RECOMMENDATIONS_HEADER = 'user_id,merchant_id,rank,score';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A score with 9 significant digits: short, and identical across runs of the same seed. */
function scoreText(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(9))) : '0';
}

/**
 * Writes one model's lists as CSV (`user_id,merchant_id,rank,score`, rank 1 = best), in the
 * order the users were evaluated. Streams in chunks of 20,000 lines. O(rows).
 * @param file - target path
 * @param lists - recorded top-k lists (train indices)
 * @param users - train user index (idx → user_id)
 * @param merchants - train merchant index (idx → merchant_id)
 * @returns rows written (without the header)
 */
export function writeRecommendationsCsv(
  file: string,
  lists: RecommendationLists,
  users: IdIndex,
  merchants: IdIndex,
): number {
  const fd = openSync(file, 'w');
  try {
    let lines: string[] = [RECOMMENDATIONS_HEADER];
    let rows = 0;
    for (let t = 0; t < lists.userIdx.length; t++) {
      const user = csvField(users.idOf(lists.userIdx[t]!));
      for (let p = lists.offsets[t]!, rank = 1; p < lists.offsets[t + 1]!; p++, rank++) {
        lines.push(
          `${user},${csvField(merchants.idOf(lists.merchantIdx[p]!))},${rank},${scoreText(lists.scores[p]!)}`,
        );
        rows++;
      }
      if (lines.length >= 20_000) {
        writeSync(fd, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length) writeSync(fd, `${lines.join('\n')}\n`);
    return rows;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes DIR/metrics.json (2-space indented, trailing newline) and
 * DIR/recommendations/<model>.csv for every model, creating the folders.
 * @param dir - output folder
 * @param doc - the protocol's metrics document
 * @param recs - the evaluated users' lists per model, under that protocol
 * @param ids - the training matrix's user and merchant indices
 * @returns the files written, with row counts for the CSVs
 */
export function writePipelineOutputs(
  dir: string,
  doc: MetricsDocument,
  recs: ReadonlyMap<string, RecommendationLists>,
  ids: { users: IdIndex; merchants: IdIndex },
): Array<{ file: string; rows?: number }> {
  const recDir = path.join(dir, 'recommendations');
  mkdirSync(recDir, { recursive: true });
  const metrics = path.join(dir, 'metrics.json');
  writeFileSync(metrics, `${JSON.stringify(doc, null, 2)}\n`);
  const out: Array<{ file: string; rows?: number }> = [{ file: metrics }];
  for (const [name, lists] of recs) {
    const file = path.join(recDir, `${name}.csv`);
    out.push({ file, rows: writeRecommendationsCsv(file, lists, ids.users, ids.merchants) });
  }
  return out;
}
