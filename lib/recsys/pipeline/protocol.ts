import type { TemporalSplit, TestUsers } from '../data/split';
import type { Diagnostics } from '../diagnostics';
import { compareToBaseline, evaluate, type EvaluationResult, type Protocol } from '../evaluate';
import {
  buildMetricsDocument,
  bestByNdcg10,
  type DocumentModelInput,
  type MetricsDocument,
} from '../metrics-document';
import type { BootstrapOptions } from '../metrics/bootstrap';
import { Rng } from '../random';
import type { ModelKind, Recommender } from '../types';
import { BASELINE_KINDS, type FittedModel } from './models';
import { RecordingRecommender, type RecommendationLists } from './recording';
import type { StageRunner } from './stages';

/** Relative evaluation cost per model (progress weights; ALS/hybrid score every merchant with f-dim products). */
export const EVAL_WEIGHT: Record<ModelKind, number> = {
  random: 0.5,
  popularity: 0.2,
  repeat: 0.3,
  'item-knn': 0.7,
  als: 2,
  hybrid: 2,
};

/**
 * Warm test users with a non-empty relevant set under a protocol ('discovery' drops the
 * merchants each user ordered in training). O(warm users · (|R| + nnz(u))).
 * @param split - the split
 * @param protocol - 'all' or 'discovery'
 */
export function evaluableUsers(split: TemporalSplit, protocol: Protocol): number {
  if (protocol === 'all') return split.warm.relevant.filter((r) => r.size > 0).length;
  const { indptr, indices } = split.train.weights;
  let n = 0;
  split.warm.userIdx.forEach((u, i) => {
    const own = new Set<number>();
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++)
      if (split.train.orders[p]! > 0) own.add(indices[p]!);
    for (const m of split.warm.relevant[i]!) {
      if (!own.has(m)) {
        n++;
        return;
      }
    }
  });
  return n;
}

function pick(users: TestUsers, keep: readonly number[]): TestUsers {
  return {
    userIdx: Int32Array.from(keep, (i) => users.userIdx[i]!),
    userIds: keep.map((i) => users.userIds[i]!),
    relevant: keep.map((i) => users.relevant[i]!),
    firstTestTime: Float64Array.from(keep, (i) => users.firstTestTime[i]!),
  };
}

function sampleIndices(n: number, max: number, rng: Rng): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  // partial Fisher–Yates: a uniform sample of `max` positions, then back in split order
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(n - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, max).sort((a, b) => a - b);
}

/**
 * The split with at most `max` warm and `max` cold test users, a seeded uniform sample (kept
 * in split order), for evaluating very large data sets in bounded time. O(test users).
 * @param split - the full split
 * @param max - users kept per group (≥ 1)
 * @param seed - sample seed
 */
export function sampleTestUsers(
  split: TemporalSplit,
  max: number,
  seed: number,
): { split: TemporalSplit; sample?: MetricsDocument['sample'] } {
  if (!(Number.isInteger(max) && max >= 1))
    throw new RangeError('maxTestUsers must be an integer ≥ 1');
  const nW = split.warm.userIdx.length;
  const nC = split.cold.userIdx.length;
  if (nW <= max && nC <= max) return { split };
  const rng = new Rng(seed);
  const warm = pick(split.warm, sampleIndices(nW, max, rng));
  const cold = pick(split.cold, sampleIndices(nC, max, rng));
  const sample = {
    warmUsers: warm.userIdx.length,
    coldUsers: cold.userIdx.length,
    ofWarmUsers: nW,
    ofColdUsers: nC,
  };
  return { split: { ...split, warm, cold }, sample };
}

/** Inputs of {@link evaluateProtocol}. */
export interface ProtocolInput {
  protocol: Protocol;
  split: TemporalSplit;
  /** Fitted models in report order, with their fit times. */
  models: ReadonlyArray<FittedModel & { fitSeconds: number }>;
  /** Fallback for cold users (the fitted popularity model). */
  cold: Recommender;
  seed: number;
  bootstrap: BootstrapOptions | false;
  /** Keep the evaluated users' top-kMax lists. */
  record: boolean;
  runner: StageRunner;
  testEnd: number;
  diagnostics: Diagnostics;
  catalogSize: number;
  sample?: MetricsDocument['sample'];
}

/** Everything one protocol produced. */
export interface ProtocolRun {
  document: MetricsDocument;
  results: EvaluationResult[];
  recommendations?: Map<ModelKind, RecommendationLists>;
}

/**
 * Evaluates every model in one protocol (evaluate.ts: curves, bootstrap intervals, trend, cold
 * users with the fallback, targets), then each model's paired difference to the best baseline
 * (best of the evaluated random/popularity/repeat by NDCG@10), and builds the document.
 * @param p - see {@link ProtocolInput}
 */
export function evaluateProtocol(p: ProtocolInput): ProtocolRun {
  const results: EvaluationResult[] = [];
  const recordings = new Map<ModelKind, RecordingRecommender>();
  for (const { model } of p.models) {
    const target = p.record ? new RecordingRecommender(model) : model;
    if (target instanceof RecordingRecommender) recordings.set(model.kind, target);
    const label = `evaluating ${model.kind} (${p.protocol})`;
    results.push(
      p.runner.run(label, EVAL_WEIGHT[model.kind], () =>
        evaluate(target, p.split, {
          protocol: p.protocol,
          kMax: 20,
          bootstrap: p.bootstrap,
          coldModel: p.cold,
        }),
      ),
    );
  }
  const baselines = results.filter((r) => BASELINE_KINDS.includes(r.model));
  const baseline = baselines[bestByNdcg10(baselines)];
  const inputs: DocumentModelInput[] = p.runner.run(
    `comparing with the best baseline (${p.protocol})`,
    0.2,
    () =>
      results.map((result, i) => {
        const m = p.models[i]!;
        const entry: DocumentModelInput = { result, fitSeconds: m.fitSeconds, tuning: m.tuning };
        if (baseline && baseline !== result) {
          const differences =
            p.bootstrap === false
              ? compareToBaseline(result, baseline, { resamples: 1 }).map((d) => ({
                  ...d,
                  lo: d.value,
                  hi: d.value,
                }))
              : compareToBaseline(result, baseline, p.bootstrap);
          entry.vsBaseline = { baseline: baseline.model, differences };
        }
        return entry;
      }),
  );
  const document = buildMetricsDocument({
    protocol: p.protocol,
    split: p.split,
    testEnd: p.testEnd,
    seed: p.seed,
    catalogSize: p.catalogSize,
    diagnostics: p.diagnostics,
    models: inputs,
    sample: p.sample,
  });
  const run: ProtocolRun = { document, results };
  if (p.record) run.recommendations = new Map([...recordings].map(([k, r]) => [k, r.lists()]));
  return run;
}
