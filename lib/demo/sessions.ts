/**
 * One day of the simulation: turns "user u orders (or browses) today" into events — merchant
 * choice (favourite or discovery), time of day, order total, and the page views around it.
 */
import { CATEGORIES, type CategorySpec } from './categories';
import { DayBuffer } from './day-buffer';
import type { Catalogue } from './merchants';
import { FAVOURITES, TASTE_SCALE, type Population } from './population';
import { searchCumulative, type Rng } from './random';
import { DAY_MS, HOUR_CUMULATIVE, HOUR_MS, type Calendar } from './rhythm';

// Imported bindings copied to module constants: hot paths then skip live-binding getters.
const SPECS = CATEGORIES;
const C = CATEGORIES.length;
const F = FAVOURITES;
const TASTE_MAX = TASTE_SCALE;
const HOURS = HOUR_CUMULATIVE;
const HOUR = HOUR_MS;
const SECOND = 1000;
const CHECKOUT = 0;
const MERCHANT_VIEW = 1;
const PRODUCT_VIEW = 2;
/** Probability that a checkout is preceded by a view of its merchant (discovery / re-order). */
const VIEW_BEFORE_NEW = 0.93;
const VIEW_BEFORE_REPEAT = 0.8;

/** User id of a user index: `u_000001` for index 0. */
export function userIdOf(u: number): string {
  return `u_${String(u + 1).padStart(6, '0')}`;
}

/** Emits the events of one day into `buffer` (unsorted); see `generateDemoEvents` for the model. */
export class DaySimulator {
  /** The current day's events, in emission order. */
  readonly buffer: DayBuffer;
  private lo = 0;
  private hi = 0;
  private dayStart = 0;
  private userId = '';
  private platform = 0;

  constructor(
    private readonly rng: Rng,
    private readonly cat: Catalogue,
    private readonly pop: Population,
    private readonly cal: Calendar,
  ) {
    this.buffer = new DayBuffer(cat.merchants);
  }

  /** Clears the buffer and moves to day `d`. */
  startDay(d: number): void {
    this.buffer.clear();
    this.dayStart = this.cal.dayStart[d] ?? 0;
    this.lo = Math.max(this.dayStart, this.cal.start);
    this.hi = Math.min(this.dayStart + DAY_MS - SECOND, this.cal.end);
  }

  /** One checkout of user `u`, with the page views leading to it and maybe a rival's view. */
  order(u: number, userId: string): void {
    const { rng, cat } = this;
    const fav = rng.next() < (this.pop.loyalty[u] ?? 0) ? this.pickFavourite(u) : -1;
    const m = fav >= 0 ? fav : this.discover(u);
    this.remember(u, m);
    const spec = this.spec(m);
    const t = this.pickTime(spec);
    this.begin(userId, this.platformOf(u));
    if (rng.next() < (fav >= 0 ? VIEW_BEFORE_REPEAT : VIEW_BEFORE_NEW)) {
      // The menu is opened 1-15 min before paying; 30 % first look at a rival of the category.
      const opened = t - (60 + rng.below(840)) * SECOND;
      if (rng.next() < 0.3) {
        const rival = this.discoverIn(u, cat.category[m] ?? 0);
        this.emit(rival, 0, opened - (60 + rng.below(600)) * SECOND, MERCHANT_VIEW);
      }
      this.emit(m, 0, opened, MERCHANT_VIEW);
      const gap = (t - opened) / SECOND;
      const product = opened + (1 + rng.below(gap - 1)) * SECOND;
      if (rng.next() < 0.45) this.emit(m, 0, product, PRODUCT_VIEW);
    }
    const sigma = spec.sigmaTotal;
    const noise = Math.exp(sigma * rng.normal() - (sigma * sigma) / 2); // lognormal with mean 1
    const total = Math.round(spec.meanTotal * (cat.price[m] ?? 1) * noise * 100) / 100;
    this.emit(m, Math.max(1, total), t, CHECKOUT);
  }

  /** A browse session that does not convert: 1-3 merchant views, a few minutes apart. */
  browse(u: number, userId: string): void {
    const { rng } = this;
    this.begin(userId, this.platformOf(u));
    let m = this.discover(u);
    let t = this.pickTime(this.spec(m));
    const views = 1 + rng.below(3);
    for (let i = 0; i < views; i++) {
      this.emit(m, 0, t, MERCHANT_VIEW);
      if (rng.next() < 0.3) this.emit(m, 0, t + (20 + rng.below(100)) * SECOND, PRODUCT_VIEW);
      t += (60 + rng.below(240)) * SECOND;
      m = this.discoverIn(u, this.cat.category[m] ?? 0);
    }
  }

  private spec(m: number): CategorySpec {
    return SPECS[this.cat.category[m] ?? 0] as CategorySpec;
  }

  /** Platform code of a session: mostly the user's main platform, 8 % of sessions another one. */
  private platformOf(u: number): number {
    const main = this.pop.platform[u] ?? 0;
    return this.rng.next() < 0.08 ? (main + 1 + this.rng.below(2)) % 3 : main;
  }

  /** Checkout time: an hour from the category's profile, a uniform second of it, in the window. */
  private pickTime(spec: CategorySpec): number {
    const cum = HOURS[spec.profile];
    let t = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const hour = searchCumulative(cum, 0, 24, this.rng.next() * (cum[23] ?? 0));
      t = this.dayStart + hour * HOUR + this.rng.below(3600) * SECOND;
      if (t >= this.lo && t <= this.hi) return t;
    }
    return Math.min(this.hi, Math.max(this.lo, t));
  }

  /** Favourite slot drawn with weight count^1.5 (rich get richer), or −1 without favourites. */
  private pickFavourite(u: number): number {
    const { favCount, favMerchant } = this.pop;
    const base = u * F;
    let sum = 0;
    for (let s = 0; s < F; s++) {
      const n = favCount[base + s] ?? 0;
      sum += n * Math.sqrt(n);
    }
    if (sum === 0) return -1;
    let x = this.rng.next() * sum;
    for (let s = 0; s < F; s++) {
      const n = favCount[base + s] ?? 0;
      x -= n * Math.sqrt(n);
      if (x < 0 && n > 0) return favMerchant[base + s] ?? -1;
    }
    return favMerchant[base] ?? -1;
  }

  /** Counts an order at `m` in the user's favourites; a new merchant replaces the weakest slot. */
  private remember(u: number, m: number): void {
    const { favCount, favMerchant } = this.pop;
    const base = u * F;
    let weakest = base;
    for (let s = base; s < base + F; s++) {
      if (favMerchant[s] === m) {
        favCount[s] = Math.min(65535, (favCount[s] ?? 0) + 1);
        return;
      }
      if ((favCount[s] ?? 0) < (favCount[weakest] ?? 0)) weakest = s;
    }
    favMerchant[weakest] = m;
    favCount[weakest] = 1;
  }

  /** A new merchant: category from the user's taste, then {@link discoverIn}. */
  private discover(u: number): number {
    const x = this.rng.below(TASTE_MAX);
    const c = searchCumulative(this.pop.taste, u * C, (u + 1) * C, x) - u * C;
    return this.discoverIn(u, c);
  }

  /** A merchant of category `c` by popularity, biased to the user's area (`Catalogue.pick`). */
  private discoverIn(u: number, c: number): number {
    return this.cat.pick(this.pop.area[u] ?? 0, c, this.rng);
  }

  /** Sets the user and platform of the events that follow. */
  private begin(userId: string, platform: number): void {
    this.userId = userId;
    this.platform = platform;
  }

  /** Buffers one event of the current session; events outside the window are dropped. */
  private emit(m: number, total: number, time: number, type: number): void {
    if (time < this.lo || time > this.hi) return;
    this.buffer.push(this.userId, m, total, time, type, this.platform);
  }
}
