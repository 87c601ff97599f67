import { candidateMask, countOrderingUsers } from './data/interactions';
import type { TemporalSplit, TestUsers } from './data/split';
import {
  compareOutcomes,
  dailyTrend,
  headlineIntervals,
  TARGETS,
  type Difference,
  type HeadlineValue,
  type PerUserOutcomes,
  type TrendPoint,
} from './metrics/report';
import {
  catalogCoverage,
  meanIntraListDiversity,
  MerchantCosine,
  novelty,
} from './metrics/beyond-accuracy';
import type { BootstrapOptions } from './metrics/bootstrap';
import { RANKING_METRICS, RankingAccumulator, hitMask, type RankingMetric } from './metrics/ranking';
import { recommendMany } from './recommend-many';
import type { InteractionMatrix, ModelKind, Recommender } from './types';

/** 'all': re-orders count; 'discovery': ordered merchants are excluded from lists and from R. */
export type Protocol = 'all' | 'discovery';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  protocol: Protocol;
  /** Largest K of the curves (default 20, ≤ 31). */
  kMax?: number;
  /** K of coverage, diversity and novelty (default 10). */
  beyondK?: number;
  /** Bootstrap of the headline metrics (default 1000 resamples, seed 0); false = none. */
  bootstrap?: BootstrapOptions | false;
  /** Model for cold users (default: the model itself, whose recommend falls back for them). */
  coldModel?: Recommender;
}

/** Metrics of one group of users (warm or cold). */
export interface GroupMetrics {
  /** Users evaluated (non-empty R under the protocol). */
  users: number;
  /** Users left out because their R was empty under the protocol. */
  skippedUsers: number;
  /** Macro averages, curves[metric][K − 1] for K = 1..kMax. */
  curves: Record<RankingMetric, number[]>;
  headline: HeadlineValue[];
  outcomes: PerUserOutcomes;
}

/** Outcome of {@link evaluate}: everything the Performance tab and metrics.json show. */
export interface EvaluationResult extends GroupMetrics {
  model: ModelKind;
  params: Record<string, number | string | boolean>;
  protocol: Protocol;
  cutoff: number;
  kMax: number;
  beyondK: number;
  coverage: number;
  diversity: number;
  novelty: number;
  trend: TrendPoint[];
  targets: Array<{ name: string; threshold: number; value: number; met: boolean }>;
  cold: GroupMetrics & { model: ModelKind };
  /** Wall time of the warm users' recommend calls and the resulting throughput. */
  recommendMs: number;
  usersPerSecond: number;
}

const cosineCache = new WeakMap<InteractionMatrix, MerchantCosine>();

function cosineOf(train: InteractionMatrix): MerchantCosine {
  let c = cosineCache.get(train);
  if (!c) cosineCache.set(train, (c = new MerchantCosine(train)));
  return c;
}

function orderedSet(train: InteractionMatrix, u: number): Set<number> {
  const s = new Set<number>();
  if (u < 0 || u >= train.weights.nRows) return s;
  for (let p = train.weights.indptr[u]!; p < train.weights.indptr[u + 1]!; p++) {
    if (train.orders[p]! > 0) s.add(train.weights.indices[p]!);
  }
  return s;
}

interface GroupRun {
  metrics: GroupMetrics;
  lists: Int32Array[];
  firstTime: Float64Array;
  ms: number;
}

function runGroup(model: Recommender, split: TemporalSplit, group: TestUsers, protocol: Protocol,
  kMax: number, beyondK: number, boot: BootstrapOptions | false): GroupRun {
  const acc = new RankingAccumulator(kMax);
  const excludeOrdered = protocol === 'discovery';
  const picked: number[] = [];
  const rels: ReadonlySet<number>[] = [];
  let skipped = 0;
  for (let i = 0; i < group.userIdx.length; i++) {
    const u = group.userIdx[i]!;
    let rel = group.relevant[i]!;
    if (excludeOrdered) {
      const own = orderedSet(split.train, u);
      rel = new Set([...rel].filter((m) => !own.has(m)));
    }
    if (rel.size === 0) {
      skipped++;
      continue;
    }
    picked.push(i);
    rels.push(rel);
  }
  const users = Int32Array.from(picked, (i) => group.userIdx[i]!);
  const t0 = performance.now();
  const all = recommendMany(model, users, kMax, { excludeOrdered });
  const ms = performance.now() - t0;
  const lists: Int32Array[] = [];
  const first: number[] = [];
  for (let j = 0; j < users.length; j++) {
    const list = Int32Array.from(all[j]!, (r) => r.idx);
    acc.addMask(hitMask(list, rels[j]!, kMax), rels[j]!.size);
    lists.push(list.subarray(0, beyondK));
    first.push(group.firstTestTime[picked[j]!]!);
  }
  const userIdx = Array.from(users);
  const raw = acc.raw();
  const outcomes: PerUserOutcomes = { userIdx: Int32Array.from(userIdx), ...raw, kMax };
  const curves = Object.fromEntries(RANKING_METRICS.map((m) => [m, acc.curve(m)])) as Record<RankingMetric, number[]>;
  const headline = headlineIntervals(outcomes, boot);
  return {
    metrics: { users: acc.users, skippedUsers: skipped, curves, headline, outcomes },
    lists,
    firstTime: Float64Array.from(first),
    ms,
  };
}

/**
 * Offline evaluation of a fitted model on a temporal split (the model must have been fitted
 * on `split.train`). For every warm user: recommend kMax merchants (excluding ordered ones
 * under 'discovery', where R also loses them and users with empty R are skipped), record the
 * hit pattern, then report per-K curves of precision/recall/hitRate/NDCG/MAP/MRR (macro
 * averages, see metrics/ranking.ts), coverage/diversity/novelty@beyondK
 * (metrics/beyond-accuracy.ts), a per-day trend, seeded bootstrap 95 % intervals of the
 * headline metrics, the seed targets, and the same ranking metrics for cold users.
 * O(users · (recommend + kMax) + B · users · 6).
 * @param model - fitted recommender
 * @param split - the split it was fitted on
 * @param opts - protocol, kMax, beyondK, bootstrap, coldModel
 */
export function evaluate(model: Recommender, split: TemporalSplit, opts: EvaluateOptions): EvaluationResult {
  const kMax = opts.kMax ?? 20;
  const beyondK = opts.beyondK ?? 10;
  if (!(beyondK >= 1 && beyondK <= kMax)) throw new RangeError('beyondK must be in 1..kMax');
  const boot = opts.bootstrap === undefined ? {} : opts.bootstrap;
  const warm = runGroup(model, split, split.warm, opts.protocol, kMax, beyondK, boot);
  const coldModel = opts.coldModel ?? model;
  const cold = runGroup(coldModel, split, split.cold, opts.protocol, kMax, beyondK, boot);
  const train = split.train;
  const cos = cosineOf(train);
  const coverage = catalogCoverage(warm.lists, beyondK, candidateMask(train));
  const diversity = meanIntraListDiversity(warm.lists, beyondK, cos).value;
  const nov = novelty(warm.lists, beyondK, cos.users, countOrderingUsers(train)).value;
  const w = warm.metrics;
  const valueOf = (name: string): number => {
    if (name === 'coverage@10') return coverage;
    if (name === 'diversity@10') return diversity;
    const [metric, k] = name.split('@') as [RankingMetric, string];
    return Number(k) <= kMax ? w.curves[metric][Number(k) - 1]! : 0;
  };
  return {
    ...w,
    model: model.kind,
    params: { ...model.params },
    protocol: opts.protocol,
    cutoff: split.cutoff,
    kMax,
    beyondK,
    coverage,
    diversity,
    novelty: nov,
    trend: dailyTrend(w.outcomes, warm.firstTime),
    targets: TARGETS.map((t) => ({ ...t, value: valueOf(t.name), met: valueOf(t.name) > t.threshold })),
    cold: { ...cold.metrics, model: coldModel.kind },
    recommendMs: warm.ms,
    usersPerSecond: warm.ms > 0 ? (w.users / warm.ms) * 1000 : 0,
  };
}

/**
 * Each headline metric's paired-bootstrap difference of `result` to `baseline` (same split
 * and protocol), e.g. to the best baseline. See evaluate/report.ts compareOutcomes.
 * @param result - the model's evaluation
 * @param baseline - the baseline's evaluation
 * @param opts - resamples (default 1000), seed (default 0), alpha
 */
export function compareToBaseline(
  result: EvaluationResult,
  baseline: EvaluationResult,
  opts: BootstrapOptions = {},
): Difference[] {
  if (result.protocol !== baseline.protocol || result.cutoff !== baseline.cutoff) {
    throw new RangeError('result and baseline must share split and protocol');
  }
  return compareOutcomes(result.outcomes, baseline.outcomes, opts);
}

/** {@link EvaluationResult} without the per-user typed arrays: plain JSON for metrics.json. */
export type EvaluationSummary = Omit<EvaluationResult, 'outcomes' | 'cold'> & {
  cold: Omit<EvaluationResult['cold'], 'outcomes'>;
};

/**
 * Drop the per-user outcomes (typed arrays, which JSON.stringify turns into objects) so the
 * result can be stored as JSON; keep the full result in memory for paired comparisons. O(1).
 * @param r - an evaluation result
 */
export function evaluationSummary(r: EvaluationResult): EvaluationSummary {
  const { outcomes: _o, cold, ...rest } = r;
  const { outcomes: _c, ...coldRest } = cold;
  return { ...rest, cold: coldRest };
}
