import type { Diagnostics } from '@/lib/recsys/diagnostics';
import type { MetricsDocument } from '@/lib/recsys/metrics-document';
import { runPipeline, type AlsKernelsFactory, type PipelineResult } from '@/lib/recsys/pipeline';

import { loadEvents } from './run-events';
import { getRun } from './runs';
import { loadSegmentData } from './segment-data';
import { writeRunCache } from './run-cache';
import type { Protocol, RunConfig, RunSnapshot } from './run-types';
import { openSqlite, type Sqlite } from './sqlite';

/**
 * ModelRun.metricsJson: the pipeline's documents keyed by protocol (see
 * lib/recsys/metrics-document.ts), the data diagnostics and the stage timings.
 */
export interface RunMetrics {
  documents: Partial<Record<Protocol, MetricsDocument>>;
  diagnostics: Diagnostics;
  timings: PipelineResult['timings'];
}

function runMetrics(documents: MetricsDocument[], diagnostics: Diagnostics, timings: PipelineResult['timings']): RunMetrics {
  return { documents: Object.fromEntries(documents.map((d) => [d.protocol, d])), diagnostics, timings };
}

/** Progress shares of the run's phases (the pipeline reports its own fraction inside its share). */
const LOAD_END = 0.05;
const PIPELINE_END = 0.75;

class RunReporter {
  private last = 0;
  constructor(
    private readonly db: Sqlite,
    private readonly runId: number,
    private readonly onStage?: (stage: string, progress: number) => void,
  ) {}
  private lastStage = '';

  /** Writes stage, progress and heartbeat at most twice a second (and always when `force`). */
  report(stage: string, progress: number, force = false) {
    if (stage !== this.lastStage) this.onStage?.((this.lastStage = stage), progress);
    const now = Date.now();
    if (!force && now - this.last < 500) return;
    this.last = now;
    this.db.prepare('UPDATE ModelRun SET stage = ?, progress = ?, heartbeatAt = ? WHERE id = ?').run(stage, Math.min(1, Math.max(0, progress)), now, this.runId);
  }
}

/**
 * Executes a queued run in this process: loads every event, runs the engine's pipeline (evaluate
 * or production), writes the serving cache and the metrics, and marks the run done — making it
 * active when no run is active yet. Any error marks the run failed with its message and removes
 * its partial cache; the active run is never touched by a failed run.
 * @param alsKernels - where ALS sweeps run (the training CLI passes its worker threads,
 *   lib/cli/pipeline-threads.ts); default this thread
 * @param cacheThreads - threads that rank and explain the serving cache's lists, this one
 *   included (writeRunCache's `threads`; default 1)
 */
export async function executeRun(
  runId: number,
  db: Sqlite = openSqlite(),
  onStage?: (stage: string, progress: number) => void,
  alsKernels?: AlsKernelsFactory,
  cacheThreads = 1,
): Promise<void> {
  const row = db.prepare('SELECT status, configJson FROM ModelRun WHERE id = ?').get(runId) as { status: string; configJson: string } | undefined;
  if (!row) throw new Error(`run #${runId} does not exist`);
  if (row.status !== 'queued') throw new Error(`run #${runId} is ${row.status}, not queued`);
  const config = JSON.parse(row.configJson) as RunConfig;
  const started = Date.now();
  db.prepare("UPDATE ModelRun SET status = 'running', stage = 'loading events', progress = 0, pid = ?, startedAt = ?, heartbeatAt = ? WHERE id = ?").run(process.pid, started, started, runId);
  const reporter = new RunReporter(db, runId, onStage);
  try {
    const loaded = loadEvents(db);
    if (loaded.checkouts === 0) throw new Error('there are no checkout events: import order data first');
    const cutoff = config.mode === 'evaluate' ? Date.parse(config.split!) : loaded.lastEvent! + 1;
    const snapshot: RunSnapshot = {
      events: loaded.events.length, checkouts: loaded.checkouts, users: loaded.userIds.size, merchants: loaded.merchantIds.size,
      firstEvent: loaded.firstEvent, lastEvent: loaded.lastEvent, cutoff,
    };
    db.prepare('UPDATE ModelRun SET snapshotJson = ? WHERE id = ?').run(JSON.stringify(snapshot), runId);
    reporter.report('building matrix', LOAD_END, true);
    const result = runPipeline(loaded.events, {
      mode: config.mode,
      cutoff: config.mode === 'evaluate' ? cutoff : undefined,
      models: config.models,
      protocols: config.protocols,
      seed: config.seed,
      alsKernels,
      onProgress: (stage, f) => reporter.report(stage, LOAD_END + f * (PIPELINE_END - LOAD_END)),
    });
    reporter.report('caching recommendations', PIPELINE_END, true);
    await writeRunCache(db, {
      runId, train: result.train, models: result.models, userIds: loaded.userIds, merchantIds: loaded.merchantIds, topN: config.topN, threads: cacheThreads,
      onProgress: (f) => reporter.report(`caching recommendations ${Math.round(f * 100)}%`, PIPELINE_END + f * (1 - PIPELINE_END)),
    });
    db.exec('BEGIN IMMEDIATE');
    const finished = Date.now();
    db.prepare("UPDATE ModelRun SET status = 'done', stage = 'done', progress = 1, metricsJson = ?, finishedAt = ?, heartbeatAt = ? WHERE id = ?").run(
      JSON.stringify(runMetrics(result.documents, result.diagnostics, result.timings)), finished, finished, runId,
    );
    const active = db.prepare('SELECT COUNT(*) AS n FROM ModelRun WHERE isActive = 1').get() as { n: number };
    if (active.n === 0) db.prepare('UPDATE ModelRun SET isActive = 1 WHERE id = ?').run(runId);
    db.exec('COMMIT');
    // Warm the segment builder's per-run snapshot now, so no page or export waits for it.
    try {
      loadSegmentData(db, await getRun(runId));
    } catch (e) {
      console.error(`run #${runId}: segment snapshot not prepared (${(e as Error).message}); it is built on first use`);
    }
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const message = (e as Error).message || String(e);
    db.transaction(() => {
      db.prepare('DELETE FROM RecommendationList WHERE runId = ?').run(runId);
      db.prepare('DELETE FROM MerchantCache WHERE runId = ?').run(runId);
      db.prepare("UPDATE ModelRun SET status = 'failed', error = ?, finishedAt = ? WHERE id = ?").run(message, Date.now(), runId);
    })();
    throw e;
  }
}
