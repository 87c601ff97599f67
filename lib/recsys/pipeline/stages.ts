/** Progress callback of the pipeline: readable stage text and the fraction of the whole run. */
export type ProgressCallback = (stage: string, fraction: number) => void;

/** Wall time of one pipeline stage. */
export interface StageTiming {
  /** e.g. 'split', 'fit als', 'evaluate hybrid (discovery)'. */
  stage: string;
  seconds: number;
}

/**
 * Runs the pipeline's stages in order, timing each and turning the stages' own progress into a
 * monotone fraction of the whole run: stage i of weight w_i covers [Σ_{j<i} w_j, Σ_{j≤i} w_j] ÷
 * Σ w (the weights are rough relative costs, so the fraction is an estimate of work done, not
 * of time left). O(1) per report.
 */
export class StageRunner {
  readonly timings: StageTiming[] = [];
  private done = 0;
  private last = 0;

  /**
   * @param totalWeight - sum of the weights of all stages that will run (> 0)
   * @param onProgress - optional callback
   * @param clock - milliseconds clock (default performance.now)
   */
  constructor(
    private readonly totalWeight: number,
    private readonly onProgress?: ProgressCallback,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(totalWeight > 0)) throw new RangeError('totalWeight must be > 0');
  }

  private report(stage: string, fraction: number): void {
    // inner progress may step back (e.g. a model restarting a loop): never report less
    this.last = Math.min(1, Math.max(this.last, fraction));
    this.onProgress?.(stage, this.last);
  }

  /**
   * Runs one stage: reports `label` at its start, passes a sub-callback that maps the stage's
   * own (text, 0..1) onto the run, records its wall time under `label`.
   * @param label - readable stage text, e.g. 'fitting item-knn'
   * @param weight - relative cost (≥ 0)
   * @param fn - the work; receives the sub-callback
   */
  run<T>(label: string, weight: number, fn: (onProgress: ProgressCallback) => T): T {
    const base = this.done / this.totalWeight;
    const span = weight / this.totalWeight;
    this.report(label, base);
    const t0 = this.clock();
    const value = fn((stage, f) => this.report(stage, base + span * Math.min(1, Math.max(0, f))));
    this.timings.push({ stage: label, seconds: (this.clock() - t0) / 1000 });
    this.done += weight;
    return value;
  }

  /** Reports the end of the run ('done', 1). */
  finish(): void {
    this.report('done', 1);
  }

  /** Sum of the recorded stage times in seconds. */
  get totalSeconds(): number {
    return this.timings.reduce((s, t) => s + t.seconds, 0);
  }
}
