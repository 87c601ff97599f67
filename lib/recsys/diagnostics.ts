import { candidateMask } from './data/interactions';
import type { TemporalSplit } from './data/split';
import type { InteractionMatrix } from './types';

/** Thresholds of the warnings (documented so the UI can show them). */
export const DIAGNOSTIC_THRESHOLDS = {
  /** Share of ordering users with a single distinct merchant above which CF is hopeless. */
  singleMerchantUsers: 0.8,
  /** Fewer warm test users than this makes personalised metrics unreliable. */
  minWarmTestUsers: 100,
  /** Share of test users with training history below which most traffic is cold. */
  minWarmShare: 0.2,
  /** Share of repeat checkouts above which the repeat baseline is the one to beat. */
  repeatShare: 0.5,
} as const;

/** A warning with a stable code for the UI and a plain-language message. */
export interface DiagnosticWarning {
  code: 'one-time-users' | 'few-warm-test-users' | 'mostly-cold-test-users' | 'repeat-dominated';
  message: string;
}

/** Facts about a data set that decide which models can be expected to work. */
export interface Diagnostics {
  users: number;
  /** Users with ≥ 1 checkout. */
  orderingUsers: number;
  merchants: number;
  /** Merchants with ≥ 1 checkout (recommendation candidates). */
  candidateMerchants: number;
  /** Events used (checkouts + views before `now`), when known; else checkouts. */
  events: number;
  checkouts: number;
  /** Share of ordering users with exactly one checkout. */
  oneTimeUserShare: number;
  /** Share of ordering users with exactly one distinct merchant. */
  singleMerchantUserShare: number;
  /** Share of checkouts repeating an earlier (user, merchant) pair: Σ(orders − 1) ÷ Σ orders. */
  repeatShare: number;
  /** 1 − (ordered pairs) ÷ (ordering users × candidate merchants). */
  sparsity: number;
  /** Present when a split is given: test users with / without training checkouts. */
  warmTestUsers?: number;
  coldTestUsers?: number;
  warnings: DiagnosticWarning[];
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/**
 * Summarise an interaction matrix (and optionally its split) and warn where collaborative
 * filtering cannot be expected to work, naming the fallback the tool uses. O(nnz + users).
 * @param train - the (training) interaction matrix
 * @param split - optional split, for warm/cold test-user counts and the event count
 */
export function diagnose(train: InteractionMatrix, split?: TemporalSplit): Diagnostics {
  const { indptr, nRows } = train.weights;
  let ordering = 0;
  let oneTime = 0;
  let single = 0;
  let checkouts = 0;
  let pairs = 0;
  for (let u = 0; u < nRows; u++) {
    let n = 0;
    let distinct = 0;
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++) {
      const o = train.orders[p]!;
      if (o > 0) {
        n += o;
        distinct++;
      }
    }
    if (n === 0) continue;
    ordering++;
    checkouts += n;
    pairs += distinct;
    if (n === 1) oneTime++;
    if (distinct === 1) single++;
  }
  const cand = candidateMask(train).reduce((a, b) => a + b, 0);
  const d: Diagnostics = {
    users: train.users.size,
    orderingUsers: ordering,
    merchants: train.merchants.size,
    candidateMerchants: cand,
    events: split ? split.stats.trainEvents + split.stats.testCheckouts : checkouts,
    checkouts,
    oneTimeUserShare: ordering ? oneTime / ordering : 0,
    singleMerchantUserShare: ordering ? single / ordering : 0,
    repeatShare: checkouts ? (checkouts - pairs) / checkouts : 0,
    sparsity: ordering && cand ? 1 - pairs / (ordering * cand) : 1,
    warnings: [],
  };
  if (split) {
    d.warmTestUsers = split.stats.warmUsers;
    d.coldTestUsers = split.stats.coldUsers;
  }
  d.warnings = warningsFor(d);
  return d;
}

function warningsFor(d: Diagnostics): DiagnosticWarning[] {
  const t = DIAGNOSTIC_THRESHOLDS;
  const out: DiagnosticWarning[] = [];
  if (d.orderingUsers === 0 || d.singleMerchantUserShare > t.singleMerchantUsers) {
    out.push({
      code: 'one-time-users',
      message:
        `${pct(d.singleMerchantUserShare)} of users ordered from a single merchant: collaborative ` +
        'filtering (item-knn, ALS) has almost no co-orders to learn from. Recommendations fall ' +
        'back to popularity (trending) for these users.',
    });
  }
  if (d.warmTestUsers !== undefined && d.coldTestUsers !== undefined) {
    const total = d.warmTestUsers + d.coldTestUsers;
    if (d.warmTestUsers < t.minWarmTestUsers) {
      out.push({
        code: 'few-warm-test-users',
        message:
          `Only ${d.warmTestUsers} test users have an order before the cutoff: personalised ` +
          'metrics rest on few users (wide intervals). Move the cutoff earlier or import more history.',
      });
    }
    if (total > 0 && d.warmTestUsers / total < t.minWarmShare) {
      out.push({
        code: 'mostly-cold-test-users',
        message:
          `${pct(1 - d.warmTestUsers / total)} of test users are new: they get the popularity ` +
          'fallback, so personalised models can only help the remaining users.',
      });
    }
  }
  if (d.repeatShare > t.repeatShare) {
    out.push({
      code: 'repeat-dominated',
      message:
        `${pct(d.repeatShare)} of orders repeat an earlier user–merchant pair: the repeat ` +
        'baseline is the one to beat in the "all" protocol; use "discovery" to judge new merchants.',
    });
  }
  return out;
}
