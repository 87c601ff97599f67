import { sortCoo } from '../matrix/csr';
import type { InteractionMatrix, OrderEvent } from '../types';
import { Float64Buffer, Int32Buffer, Uint8Buffer } from './buffers';
import { IndexMap } from './index-map';

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/**
 * How raw events become the weight of a (user, merchant) pair. Per pair:
 * - order part: `count` / `log-count` = Σ_orders d(e); `value` / `log-value` = Σ_orders
 *   orderTotal(e)·d(e); `binary` = max_orders d(e) (1 without decay);
 * - view part: `viewWeight` · Σ_views d(e) (`binary`: viewWeight · max_views d(e));
 * - weight = order part + view part, then `log-*` applies log(1 + ·).
 *
 * d(e) = exp(−Δdays/τ) with Δ = (now − eventTime)/1 day and τ = `decayDays` (no decay when
 * `decayDays` is undefined or ∞), the exponential recency decay of Ding & Li (2005).
 */
export interface WeightingOptions {
  signal?: 'count' | 'log-count' | 'value' | 'log-value' | 'binary';
  /** Weight of a page view relative to an order (0 = views ignored; default 0). */
  viewWeight?: number;
  /** Recency time constant τ in days (default: no decay). */
  decayDays?: number;
}

/** Options of {@link buildInteractions}. */
export interface BuildInteractionsOptions {
  /** Reference time (epoch ms): only events with eventTime < now are used. */
  now: number;
  weighting?: WeightingOptions;
  /** User index to extend (shared indices across matrices); default a new one. */
  users?: IndexMap;
  /** Merchant index to extend; default a new one. */
  merchants?: IndexMap;
}

const isView = (t: string): boolean => t === 'merchant_page_viewed' || t === 'product_page_viewed';

/**
 * Incremental builder of an {@link InteractionMatrix}: `add` events one at a time (e.g. while
 * streaming a file or splitting), then `build` once. Memory: 25 bytes per accepted event in
 * typed arrays plus the id maps; no object per event.
 */
export class InteractionBuilder {
  /** User index (the one passed in, extended, or a new one). */
  readonly users: IndexMap;
  /** Merchant index (the one passed in, extended, or a new one). */
  readonly merchants: IndexMap;
  /** Events accepted (eventTime < now). */
  accepted = 0;
  /** Events ignored (at or after `now`, or with a non-finite time). */
  ignored = 0;
  private readonly now: number;
  private readonly names: string[] = [];
  private readonly categories: string[] = [];
  private readonly u = new Int32Buffer();
  private readonly m = new Int32Buffer();
  private readonly t = new Float64Buffer();
  private readonly total = new Float64Buffer();
  private readonly view = new Uint8Buffer();
  // One-entry cache: exports usually list a basket's rows (one user) consecutively.
  private lastUser: string | undefined;
  private lastUserIdx = -1;

  /** @param opts - see {@link BuildInteractionsOptions}; `weighting` is read by `build` */
  constructor(private readonly opts: BuildInteractionsOptions) {
    if (!Number.isFinite(opts.now)) throw new RangeError('now must be a finite epoch ms');
    this.now = opts.now;
    this.users = opts.users ?? new IndexMap();
    this.merchants = opts.merchants ?? new IndexMap();
    for (const id of this.merchants.ids()) {
      this.names.push(id);
      this.categories.push('');
    }
  }

  /**
   * Accept one event when eventTime < now. O(1) amortised.
   * @returns whether the event was used
   */
  add(e: OrderEvent): boolean {
    const time = e.eventTime;
    if (!(time < this.now)) {
      this.ignored++;
      return false;
    }
    let ui = this.lastUserIdx;
    if (e.userId !== this.lastUser) {
      ui = this.users.add(e.userId);
      this.lastUser = e.userId;
      this.lastUserIdx = ui;
    }
    const before = this.merchants.size;
    const mi = this.merchants.add(e.merchantId);
    if (mi === before) {
      this.names.push(e.merchantName || e.merchantId);
      this.categories.push(e.category);
    } else {
      if (this.names[mi] === e.merchantId && e.merchantName) this.names[mi] = e.merchantName;
      if (!this.categories[mi] && e.category) this.categories[mi] = e.category;
    }
    this.u.push(ui);
    this.m.push(mi);
    this.t.push(time);
    const viewed = isView(e.eventType);
    this.total.push(viewed ? 0 : e.orderTotal || 0);
    this.view.push(viewed ? 1 : 0);
    this.accepted++;
    return true;
  }

  /**
   * Aggregate the accepted events per (user, merchant) pair into sorted CSR.
   * O(events + users + merchants) (counting sort, see {@link sortCoo}).
   */
  build(): InteractionMatrix {
    const w = this.opts.weighting ?? {};
    const signal = w.signal ?? 'count';
    const viewWeight = w.viewWeight ?? 0;
    if (!(viewWeight >= 0)) throw new RangeError('viewWeight must be ≥ 0');
    const tau = w.decayDays ?? Infinity;
    if (!(tau > 0)) throw new RangeError('decayDays must be > 0');
    const nU = this.users.size;
    const nM = this.merchants.size;
    const n = this.accepted;
    const { perm, indptr: evPtr } = sortCoo(
      this.u.buf.subarray(0, n),
      this.m.buf.subarray(0, n),
      nU,
      nM,
    );
    const indptr = new Int32Array(nU + 1);
    const idx = new Int32Buffer(Math.max(16, n >> 1));
    const data = new Float64Buffer(Math.max(16, n >> 1));
    const orders = new Float64Buffer(Math.max(16, n >> 1));
    const spend = new Float64Buffer(Math.max(16, n >> 1));
    const last = new Float64Buffer(Math.max(16, n >> 1));
    const byValue = signal === 'value' || signal === 'log-value';
    const binary = signal === 'binary';
    const useLog = signal === 'log-count' || signal === 'log-value';
    const { m, t, total, view } = this;
    for (let r = 0; r < nU; r++) {
      let q = evPtr[r]!;
      const end = evPtr[r + 1]!;
      while (q < end) {
        const col = m.buf[perm[q]!]!;
        let nOrd = 0, sp = 0, lastOrd = -Infinity, lastView = -Infinity, wOrd = 0, wView = 0;
        for (; q < end && m.buf[perm[q]!] === col; q++) {
          const p = perm[q]!;
          const time = t.buf[p]!;
          const d = tau === Infinity ? 1 : Math.exp(-(this.now - time) / DAY_MS / tau);
          if (view.buf[p] === 1) {
            wView = binary ? Math.max(wView, d) : wView + d;
            if (time > lastView) lastView = time;
          } else {
            nOrd++;
            sp += total.buf[p]!;
            if (time > lastOrd) lastOrd = time;
            wOrd = binary ? Math.max(wOrd, d) : wOrd + (byValue ? total.buf[p]! * d : d);
          }
        }
        if (nOrd === 0 && (viewWeight === 0 || wView === 0)) continue;
        const raw = wOrd + viewWeight * wView;
        idx.push(col);
        data.push(useLog ? Math.log1p(raw) : raw);
        orders.push(nOrd);
        spend.push(sp);
        last.push(nOrd > 0 ? lastOrd : lastView);
      }
      indptr[r + 1] = idx.length;
    }
    return {
      users: this.users,
      merchants: this.merchants,
      weights: { nRows: nU, nCols: nM, indptr, indices: idx.toArray(), data: data.toArray() },
      orders: orders.toArray(),
      spend: spend.toArray(),
      lastTime: last.toArray(),
      now: this.now,
      merchantCategory: this.categories.slice(),
      merchantName: this.names.slice(),
    };
  }
}

/**
 * Build the user × merchant training matrix from order events (see
 * {@link WeightingOptions} for the weight formula). Only events with eventTime < `now` are
 * used. Pairs with ≥ 1 checkout are always stored; view-only pairs only when viewWeight > 0
 * (their merchants and users are indexed either way). Rows hold sorted column indices.
 * O(events + users + merchants) time, ~25 bytes per event of transient memory.
 * @param events - order events and page views, in any order
 * @param opts - reference time, weighting, optional index maps to extend
 */
export function buildInteractions(
  events: Iterable<OrderEvent>,
  opts: BuildInteractionsOptions,
): InteractionMatrix {
  const b = new InteractionBuilder(opts);
  for (const e of events) b.add(e);
  return b.build();
}

const candidateCache = new WeakMap<InteractionMatrix, Uint8Array<ArrayBuffer>>();

/**
 * Recommendation candidates: 1 for merchants with ≥ 1 checkout in the matrix, else 0
 * (merchants known only from page views are indexed but never recommended). Cached per
 * matrix. O(nnz + merchants) on first call.
 * @param m - the interaction matrix
 */
export function candidateMask(m: InteractionMatrix): Uint8Array<ArrayBuffer> {
  const cached = candidateCache.get(m);
  if (cached) return cached;
  const mask = new Uint8Array(m.merchants.size);
  const { indices } = m.weights;
  for (let p = 0; p < indices.length; p++) if (m.orders[p]! > 0) mask[indices[p]!] = 1;
  candidateCache.set(m, mask);
  return mask;
}

/**
 * Distinct users with ≥ 1 checkout per merchant (the binary popularity used by novelty and
 * diversity). O(nnz + merchants).
 */
export function merchantUserCounts(m: InteractionMatrix): Int32Array<ArrayBuffer> {
  const out = new Int32Array(m.merchants.size);
  const { indices } = m.weights;
  for (let p = 0; p < indices.length; p++) if (m.orders[p]! > 0) out[indices[p]!]!++;
  return out;
}

/** Number of users with ≥ 1 checkout in the matrix. O(nnz). */
export function countOrderingUsers(m: InteractionMatrix): number {
  const { indptr } = m.weights;
  let n = 0;
  for (let u = 0; u < m.weights.nRows; u++) {
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++) {
      if (m.orders[p]! > 0) {
        n++;
        break;
      }
    }
  }
  return n;
}
