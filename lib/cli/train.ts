import { createRun, failInterruptedRuns } from '@/lib/db/runs';
import { openSqlite } from '@/lib/db/sqlite';
import { applyMigrations } from '@/lib/db/migrate';
import { suggestSplit } from '@/lib/db/suggest-split';
import { executeRun } from '@/lib/db/train-job';
import { AppError } from '@/lib/errors';
import { trainRequestSchema } from '@/lib/validation/train';

import { defaultAlsThreads, withAlsThreads } from './pipeline-threads';
import { stageLine } from './stage-line';

const USAGE = `usage: npm run train -- [--mode evaluate|production] [--split ISO_TIME] [--models a,b,...] [--seed N]
       npm run train -- --run ID      (execute a queued run; the dashboard starts runs this way)
  evaluate (default): temporal split at --split (default: the last 17.5% of checkouts), all models,
  both protocols; production: fit on all data. The first finished run becomes the active one.`;

function flags(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new AppError(`unexpected argument "${a}"`, 400, 'usage');
    const key = a.slice(2);
    if (!['mode', 'split', 'models', 'seed', 'run'].includes(key)) throw new AppError(`unknown option --${key}`, 400, 'usage');
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new AppError(`--${key} needs a value`, 400, 'usage');
    out[key] = v;
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const db = openSqlite();
  applyMigrations(db);
  const f = flags(argv);
  let runId: number;
  if (f.run) {
    runId = Number(f.run);
    if (!Number.isInteger(runId) || runId < 1) throw new AppError('--run must be a run id', 400, 'usage');
  } else {
    await failInterruptedRuns();
    const split = f.split ?? (f.mode === 'production' ? undefined : new Date(suggestSplit(db) ?? 0).toISOString());
    const parsed = trainRequestSchema.safeParse({ mode: f.mode ?? 'evaluate', split, models: f.models?.split(','), seed: f.seed });
    if (!parsed.success) throw new AppError(parsed.error.issues.map((i) => i.message).join('; '), 400, 'invalid_input');
    const r = parsed.data;
    const run = await createRun({ mode: r.mode, split: r.mode === 'evaluate' ? r.split! : null, models: r.models, protocols: ['all', 'discovery'], seed: r.seed, topN: 20 });
    runId = run.id;
    console.log(`run #${runId}: ${r.mode}${r.mode === 'evaluate' ? ` at ${r.split}` : ''}, models ${r.models.join(', ')}`);
  }
  const t0 = Date.now();
  await withAlsThreads((alsKernels) => executeRun(runId, db, (stage, p) => console.error(stageLine(t0, stage, p)), alsKernels, defaultAlsThreads()));
  const done = db.prepare('SELECT isActive FROM ModelRun WHERE id = ?').get(runId) as { isActive: number };
  console.log(`run #${runId} done in ${((Date.now() - t0) / 1000).toFixed(1)} s${done.isActive ? ' (active)' : ' (promote it on the Performance tab to serve it)'}`);
  db.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    if (e instanceof AppError && e.code === 'usage') console.error(USAGE);
    process.exit(1);
  },
);
