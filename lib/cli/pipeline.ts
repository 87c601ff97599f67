// npm run pipeline -- --data FILE --split ISO_TIME --out DIR [--protocol all|discovery]
//   [--models random,popularity,repeat,item-knn,als,hybrid] [--seed N]
//   [--skip-bad-rows] [--tune] [--threads N]
// Trains and evaluates models on one temporal split (lib/recsys/pipeline.ts) and writes
// DIR/metrics.json and DIR/recommendations/<model>.csv. Progress goes to stderr, the summary
// to stdout; bad arguments or bad data print `error: …` and exit with code 1.
import { statSync } from 'node:fs';

import { PipelineInputError, runPipeline } from '@/lib/recsys/pipeline';

import { parsePipelineArgs, PIPELINE_USAGE, type PipelineArgs } from './pipeline-args';
import { DataError, loadEvents } from './pipeline-load';
import { alsKernelPool, defaultAlsThreads } from './pipeline-threads';
import { writePipelineOutputs } from './pipeline-output';
import { formatPipelineSummary } from './pipeline-summary';

function fail(message: string, details: string[] = [], usage = false): number {
  console.error(`error: ${message}`);
  for (const d of details) console.error(`  ${d}`);
  if (usage) console.error(`\n${PIPELINE_USAGE}`);
  return 1;
}

function outDirProblem(dir: string): string | undefined {
  try {
    return statSync(dir).isDirectory() ? undefined : `--out ${dir} exists and is not a folder`;
  } catch {
    return undefined; // created when the results are written
  }
}

function progressPrinter(t0: number): (stage: string, fraction: number) => void {
  let last = '';
  return (stage, fraction) => {
    if (stage === last) return;
    last = stage;
    const pct = `${Math.round(fraction * 100)}%`.padStart(4);
    const s = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${pct} ${s} s] ${stage}\n`);
  };
}

async function run(a: PipelineArgs): Promise<number> {
  const t0 = performance.now();
  process.stderr.write(`reading ${a.data}\n`);
  const loaded = await loadEvents(a.data, { skipBadRows: a.skipBadRows });
  const skipped = loaded.badRows ? `, ${loaded.badRows.toLocaleString('en')} bad rows skipped` : '';
  process.stderr.write(
    `read ${loaded.events.length.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s${skipped}\n`,
  );
  for (const d of loaded.badRowSamples) process.stderr.write(`  skipped: ${d}\n`);
  const pool = alsKernelPool(a.threads ?? defaultAlsThreads());
  let result;
  try {
    result = runPipeline(loaded.events, {
      mode: 'evaluate',
      cutoff: a.split,
      models: a.models,
      protocols: [a.protocol],
      seed: a.seed,
      tune: a.tune,
      alsKernels: pool.factory,
      keepRecommendations: true,
      onProgress: progressPrinter(t0),
    });
  } finally {
    await pool.close();
  }
  const doc = result.documents[0]!;
  const files = writePipelineOutputs(
    a.out,
    doc,
    result.recommendations.get(a.protocol) ?? new Map(),
    result.train,
  );
  console.log(formatPipelineSummary(doc));
  console.log('');
  for (const f of files)
    console.log(
      `wrote ${f.file}${f.rows === undefined ? '' : ` (${f.rows.toLocaleString('en')} rows)`}`,
    );
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parsePipelineArgs(argv);
  if (parsed.ok === 'help') {
    console.log(PIPELINE_USAGE);
    return 0;
  }
  if (!parsed.ok) return fail(parsed.message, [], true);
  const outProblem = outDirProblem(parsed.args.out);
  if (outProblem) return fail(outProblem);
  try {
    return await run(parsed.args);
  } catch (e) {
    if (e instanceof DataError) return fail(e.message, e.details);
    if (e instanceof PipelineInputError)
      return fail(e.option === 'cutoff' ? `--split: ${e.message}` : e.message);
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
