/**
 * Segment backtest: of the users a segment would have targeted at an evaluation cutoff, the
 * share who then ordered (one of) their recommended merchant(s) in the test window, against
 * the base rate of a comparable random population. Pure; no I/O.
 */

/** One warm user (≥ 1 checkout before the cutoff) of the base population. */
export interface BacktestPopulationUser {
  /** Merchants ordered before the cutoff. */
  ordered: Iterable<number>;
  /** Merchants ordered in the test window. */
  window: ReadonlySet<number>;
}

/**
 * Per-merchant base rates over the warm population:
 * - `discovery(m)` = share of warm users who had never ordered at m before the cutoff and
 *   ordered there in the window (the chance a random comparable user "discovers" m);
 * - `repeat(m)` = share of warm users who had ordered at m and ordered there again.
 * Zero when the denominator is empty. O(Σ ordered + Σ window).
 */
export class MerchantBaseRates {
  private readonly orderedBy = new Map<number, number>();
  private readonly newHits = new Map<number, number>();
  private readonly repeatHits = new Map<number, number>();
  private users = 0;

  constructor(population: Iterable<BacktestPopulationUser>) {
    const inc = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const u of population) {
      this.users++;
      const ordered = new Set(u.ordered);
      for (const m of ordered) inc(this.orderedBy, m);
      for (const m of u.window) inc(ordered.has(m) ? this.repeatHits : this.newHits, m);
    }
  }

  get populationSize(): number {
    return this.users;
  }

  discovery(merchantId: number): number {
    const eligible = this.users - (this.orderedBy.get(merchantId) ?? 0);
    return eligible > 0 ? (this.newHits.get(merchantId) ?? 0) / eligible : 0;
  }

  repeat(merchantId: number): number {
    const eligible = this.orderedBy.get(merchantId) ?? 0;
    return eligible > 0 ? (this.repeatHits.get(merchantId) ?? 0) / eligible : 0;
  }
}

export interface BacktestResult {
  /** Distinct targeted users. */
  users: number;
  /** Targeted users who ordered at one of their recommended merchants in the window. */
  hits: number;
  hitRate: number;
  /** Mean over targeted users of the chance a comparable random user orders at the same merchants. */
  baseRate: number;
  /** hitRate ÷ baseRate; null when the base rate is 0. */
  lift: number | null;
}

/**
 * Scores a segment's targeting. A user's targets are the union of the recommended merchants
 * of all their rows. Hit = an order at any target in the window. The user's base rate is
 * 1 − Π(1 − p(m)) over the targets, p = `rate(m)` (independent merchants), i.e. the chance a
 * random warm user with the same targets would have ordered at one of them anyway.
 * Users: 0 ⇒ every rate 0, lift null. O(rows · targets).
 *
 * @param matches - the segment's rows at the cutoff (userId = User.id)
 * @param windowOrders - User.id → merchants ordered in the test window
 * @param rate - base rate of one merchant (MerchantBaseRates.discovery or .repeat)
 */
export function backtestSegment(
  matches: Iterable<{ userId: number; targets: ReadonlyArray<{ merchantId: number }> }>,
  windowOrders: ReadonlyMap<number, ReadonlySet<number>>,
  rate: (merchantId: number) => number,
): BacktestResult {
  const targets = new Map<number, Set<number>>();
  for (const m of matches) {
    const set = targets.get(m.userId) ?? new Set<number>();
    for (const t of m.targets) set.add(t.merchantId);
    targets.set(m.userId, set);
  }
  let hits = 0;
  let base = 0;
  for (const [userId, merchants] of targets) {
    const window = windowOrders.get(userId);
    let miss = 1;
    let hit = false;
    for (const m of merchants) {
      miss *= 1 - rate(m);
      if (window?.has(m)) hit = true;
    }
    if (hit) hits++;
    base += 1 - miss;
  }
  const users = targets.size;
  const hitRate = users ? hits / users : 0;
  const baseRate = users ? base / users : 0;
  return { users, hits, hitRate, baseRate, lift: baseRate > 0 ? hitRate / baseRate : null };
}
