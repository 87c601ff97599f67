import type { InteractionMatrix, OrderEvent } from '../types';
import { Float64Buffer, Int32Buffer } from './buffers';
import { IndexMap } from './index-map';
import { candidateMask, DAY_MS, InteractionBuilder, type WeightingOptions } from './interactions';

/** Options of {@link temporalSplit}. */
export interface SplitOptions {
  /** Global cutoff (epoch ms): train = events before it, test = checkouts at or after it. */
  cutoff: number;
  /** Exclusive end of the test window (default: no end). */
  end?: number;
  weighting?: WeightingOptions;
  /** Index maps to extend (shared indices), as in buildInteractions. */
  users?: IndexMap;
  merchants?: IndexMap;
}

/** Test-window users of one kind (warm or cold), aligned arrays. */
export interface TestUsers {
  /** Train userIdx, or −1 for a user absent from training. */
  userIdx: Int32Array;
  userIds: string[];
  /** R: distinct merchants ordered in the test window, as indices into `TemporalSplit.merchants`. */
  relevant: ReadonlySet<number>[];
  /** First test checkout per user (epoch ms), for per-day trends. */
  firstTestTime: Float64Array;
}

/** Counts describing a split; nothing is dropped silently. */
export interface SplitStats {
  trainEvents: number;
  testCheckouts: number;
  /** Events ignored: test-window page views and events at/after `end`. */
  ignoredEvents: number;
  /** Distinct users / merchants with a checkout in the test window. */
  testUsers: number;
  testMerchants: number;
  warmUsers: number;
  coldUsers: number;
  /** Test merchants without a training checkout (unknown or view-only before the cutoff). */
  coldMerchants: number;
  /** Test checkouts of cold merchants (never hittable). */
  coldMerchantCheckouts: number;
}

/** A temporal train/test split at one global cutoff. */
export interface TemporalSplit {
  cutoff: number;
  end: number;
  /** Training matrix of events < cutoff, with now = cutoff. */
  train: InteractionMatrix;
  /** Evaluated users: ≥ 1 checkout before the cutoff and ≥ 1 in the test window. */
  warm: TestUsers;
  /** Users with a test checkout but no training checkout (evaluated with the fallback). */
  cold: TestUsers;
  /** train.merchants extended with merchants first seen in the test window (idx ≥ train size). */
  merchants: IndexMap;
  stats: SplitStats;
}

function hasCheckout(train: InteractionMatrix): Uint8Array {
  const out = new Uint8Array(train.users.size);
  const { indptr } = train.weights;
  for (let u = 0; u < out.length; u++) {
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++) if (train.orders[p]! > 0) out[u] = 1;
  }
  return out;
}

/**
 * Temporal split with one global cutoff (no per-user leave-last-out leakage). Train = all
 * events (checkouts and, per weighting, views) before the cutoff; test = checkouts in
 * [cutoff, end). Warm users (train and test checkouts) are evaluated; R = their distinct test
 * merchants, including merchants unknown to train (they count in |R| but cannot be hit). Cold
 * users and cold merchants are counted and kept. One pass over the events:
 * O(events + users + merchants).
 * @param events - all order events and page views, any order
 * @param opts - cutoff, optional end, weighting, index maps
 */
export function temporalSplit(events: Iterable<OrderEvent>, opts: SplitOptions): TemporalSplit {
  const { cutoff } = opts;
  const end = opts.end ?? Infinity;
  if (!Number.isFinite(cutoff)) throw new RangeError('cutoff must be a finite epoch ms');
  if (!(end > cutoff)) throw new RangeError('end must be after cutoff');
  const builder = new InteractionBuilder({ ...opts, now: cutoff });
  const testUsers = new IndexMap();
  const testMerchants = new IndexMap();
  const tu = new Int32Buffer();
  const tm = new Int32Buffer();
  const tt = new Float64Buffer();
  let ignored = 0;
  for (const e of events) {
    if (e.eventTime < cutoff) builder.add(e);
    else if (e.eventTime < end && e.eventType === 'checkout_completed') {
      tu.push(testUsers.add(e.userId));
      tm.push(testMerchants.add(e.merchantId));
      tt.push(e.eventTime);
    } else ignored++;
  }
  const train = builder.build();
  const merchants = builder.merchants.clone();
  const cand = candidateMask(train);
  const mIdx = testMerchants.ids().map((id) => merchants.add(id));
  const rel = Array.from({ length: testUsers.size }, () => new Set<number>());
  const first = new Float64Array(testUsers.size).fill(Infinity);
  let coldMerchantCheckouts = 0;
  for (let i = 0; i < tu.length; i++) {
    const u = tu.buf[i]!;
    const m = mIdx[tm.buf[i]!]!;
    rel[u]!.add(m);
    if (tt.buf[i]! < first[u]!) first[u] = tt.buf[i]!;
    if (cand[m] !== 1) coldMerchantCheckouts++;
  }
  const ordered = hasCheckout(train);
  const trainOf = Int32Array.from(testUsers.ids(), (id) => train.users.indexOf(id) ?? -1);
  const warm: number[] = [];
  const cold: number[] = [];
  for (let t = 0; t < trainOf.length; t++) {
    const u = trainOf[t]!;
    if (u >= 0 && ordered[u] === 1) warm.push(t);
    else cold.push(t);
  }
  warm.sort((a, b) => trainOf[a]! - trainOf[b]!);
  const pick = (ts: number[]): TestUsers => ({
    userIdx: Int32Array.from(ts, (t) => trainOf[t]!),
    userIds: ts.map((t) => testUsers.idOf(t)),
    relevant: ts.map((t) => rel[t]!),
    firstTestTime: Float64Array.from(ts, (t) => first[t]!),
  });
  return {
    cutoff,
    end,
    train,
    warm: pick(warm),
    cold: pick(cold),
    merchants,
    stats: {
      trainEvents: builder.accepted,
      testCheckouts: tu.length,
      ignoredEvents: ignored,
      testUsers: testUsers.size,
      testMerchants: testMerchants.size,
      warmUsers: warm.length,
      coldUsers: cold.length,
      coldMerchants: mIdx.filter((m) => cand[m] !== 1).length,
      coldMerchantCheckouts,
    },
  };
}

/** Options of {@link validationSplit}. */
export interface ValidationOptions {
  /** The outer split's cutoff: only events before it are used. */
  cutoff: number;
  /** Length of the validation window carved from the end of training, in days. */
  days: number;
  weighting?: WeightingOptions;
}

/**
 * Validation carve-out inside the training period: fit on events before cutoff − days, validate
 * on checkouts in [cutoff − days, cutoff) — e.g. for the hybrid to learn its blend weights
 * without touching the test window. Same structure as {@link temporalSplit}.
 * @param trainEvents - events (any events at or after `cutoff` are ignored)
 * @param opts - outer cutoff, window length in days, weighting
 */
export function validationSplit(
  trainEvents: Iterable<OrderEvent>,
  opts: ValidationOptions,
): TemporalSplit {
  if (!(opts.days > 0)) throw new RangeError('days must be > 0');
  return temporalSplit(trainEvents, {
    cutoff: opts.cutoff - opts.days * DAY_MS,
    end: opts.cutoff,
    weighting: opts.weighting,
  });
}
