/**
 * The demo user population in typed arrays (≈ 85 bytes per user): role, home area, platform,
 * activity window, number of orders to place, loyalty, category taste and favourite merchants.
 */
import { allocate } from './allocate';
import { CATEGORIES } from './categories';
import { deriveSeed, Rng } from './random';
import { windowWeight, type Calendar } from './rhythm';

/** Role of a user in the population. */
export const ROLE = { oneTime: 1, regular: 2, browser: 3 } as const;

/** Favourite-merchant slots per user. */
export const FAVOURITES = 6;
/** Quantisation of the cumulative taste arrays (taste is stored as Uint16). */
export const TASTE_SCALE = 65535;

/** Share of users who ever order (the rest only browse). */
const ORDERING_SHARE = 0.92;
/** Share of ordering users who order exactly once. */
const ONE_TIME_SHARE = 0.4;
/** Weight of a user's favourite categories in their taste (the rest follows overall demand). */
const TASTE_FOCUS = 0.9;
/** Regular users order at most this many times per active day (soft cap). */
const MAX_ORDERS_PER_DAY = 1.5;
/** Gamma shape of regulars' order rates: < 1, so counts fall off from 2 and a few order daily. */
const RATE_SHAPE = 0.6;
const SALT = 2;

/** Per-user state, indexed by userIdx (user id `u_` + (userIdx + 1) zero-padded to 6 digits). */
export interface Population {
  readonly size: number;
  readonly role: Uint8Array;
  readonly area: Uint16Array;
  /** Main platform: 0 ios, 1 android, 2 web. */
  readonly platform: Uint8Array;
  /** First and last day index of the user's activity window. */
  readonly firstDay: Uint16Array;
  readonly lastDay: Uint16Array;
  /** Orders (browsers: browse sessions) still to place. */
  readonly remaining: Int32Array;
  /** Probability that an order goes to a favourite rather than a new discovery. */
  readonly loyalty: Float32Array;
  /** Cumulative taste per user, `TASTE_SCALE`-scaled: row u is `[u·C, (u+1)·C)`. */
  readonly taste: Uint16Array;
  /** Favourite slots: merchant index (−1 empty) and order count; row u is `[u·F, (u+1)·F)`. */
  readonly favMerchant: Int32Array;
  readonly favCount: Uint16Array;
}

function shuffled(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const tmp = p[i] ?? 0;
    p[i] = p[j] ?? 0;
    p[j] = tmp;
  }
  return p;
}

/** Demand share per category (the base measure of tastes). */
const DEMAND_SHARE = (() => {
  const total = CATEGORIES.reduce((sum, spec) => sum + spec.demand, 0);
  return CATEGORIES.map((spec) => spec.demand / total);
})();

/**
 * A sparse Dirichlet-like taste: 1-4 favourite categories drawn by demand, with
 * Dirichlet(1, …, 1) weights (normalised Exp(1) draws), mixed 90/10 with the demand shares so
 * every category stays reachable. Much cheaper than 16 gamma draws per user at 625k users.
 */
function drawTaste(pop: Population, u: number, rng: Rng, w: Float64Array): void {
  const C = CATEGORIES.length;
  const r = rng.next();
  const favourites = r < 0.25 ? 1 : r < 0.6 ? 2 : r < 0.85 ? 3 : 4;
  w.fill(0);
  let sum = 0;
  for (let k = 0; k < favourites; k++) {
    let x = rng.next();
    let c = 0;
    while (c < C - 1 && x >= (DEMAND_SHARE[c] ?? 0)) x -= DEMAND_SHARE[c++] ?? 0;
    const e = -Math.log(1 - rng.next());
    w[c] = (w[c] ?? 0) + e;
    sum += e;
  }
  let acc = 0;
  for (let c = 0; c < C; c++) {
    acc += (TASTE_FOCUS * (w[c] ?? 0)) / sum + (1 - TASTE_FOCUS) * (DEMAND_SHARE[c] ?? 0);
    const scaled = Math.min(TASTE_SCALE, Math.round(acc * TASTE_SCALE));
    pop.taste[u * C + c] = c === C - 1 ? TASTE_SCALE : scaled;
  }
}

/** Activity window of a regular user: 70 % whole window, 15 % lapsed, 15 % new (≥ 3 days). */
function drawWindow(pop: Population, u: number, days: number, rng: Rng): void {
  const r = rng.next();
  const minLen = Math.min(3, days);
  let first = 0;
  let last = days - 1;
  if (r < 0.15) last = Math.max(minLen - 1, Math.floor(days * (0.2 + 0.6 * rng.next())));
  else if (r < 0.3) first = Math.min(days - minLen, Math.floor(days * (0.4 + 0.55 * rng.next())));
  pop.firstDay[u] = first;
  pop.lastDay[u] = last;
}

/**
 * Draws the population. Exactly `orders` checkouts are assigned: `round(0.92·users)` users
 * order (fewer if `orders` cannot cover 1.6 per ordering user), 40 % of them exactly once,
 * the others twice plus a share of the rest proportional to a Gamma(0.6) rate × their
 * window's weight (capped at 1.5 per active day). Browsers get 1 + Geometric(0.5) sessions.
 * @param users - population size
 * @param orders - exact number of checkouts to assign
 * @param cal - the window
 * @param nAreas - number of delivery areas (home areas are uniform over them)
 * @param seed - base seed (the population uses its own derived stream)
 */
export function createPopulation(
  users: number,
  orders: number,
  cal: Calendar,
  nAreas: number,
  seed: number,
): Population {
  const rng = new Rng(deriveSeed(seed, SALT));
  const n = users;
  const pop: Population = {
    size: n,
    role: new Uint8Array(n).fill(ROLE.browser),
    area: new Uint16Array(n),
    platform: new Uint8Array(n),
    firstDay: new Uint16Array(n),
    lastDay: new Uint16Array(n).fill(cal.days - 1),
    remaining: new Int32Array(n),
    loyalty: new Float32Array(n),
    taste: new Uint16Array(n * CATEGORIES.length),
    favMerchant: new Int32Array(n * FAVOURITES).fill(-1),
    favCount: new Uint16Array(n * FAVOURITES),
  };
  // Enough users that each orders ≥ 1.6 times on average, never more users than orders.
  const perUser = ONE_TIME_SHARE + 2 * (1 - ONE_TIME_SHARE);
  const wanted = Math.max(1, Math.round(ORDERING_SHARE * n));
  const ordering = Math.min(wanted, Math.ceil(orders / perUser), orders);
  const oneTime = Math.max(Math.round(ONE_TIME_SHARE * ordering), 2 * ordering - orders);
  const perm = shuffled(n, rng);
  const regulars: number[] = [];
  for (let i = 0; i < ordering; i++) {
    const u = perm[i] ?? 0;
    pop.role[u] = i < oneTime ? ROLE.oneTime : ROLE.regular;
    if (i >= oneTime) regulars.push(u);
  }
  const rate = new Float64Array(regulars.length);
  const caps = new Float64Array(regulars.length);
  const scratch = new Float64Array(CATEGORIES.length);
  for (let u = 0; u < n; u++) {
    pop.area[u] = rng.below(nAreas);
    const p = rng.next();
    pop.platform[u] = p < 0.47 ? 0 : p < 0.87 ? 1 : 2;
    pop.loyalty[u] = 0.15 + 0.6 * rng.next();
    drawTaste(pop, u, rng, scratch);
    const role = pop.role[u];
    const sessions = 1 + Math.floor(-Math.log2(1 - rng.next())); // 1 + Geometric(0.5)
    if (role === ROLE.oneTime) pop.remaining[u] = 1;
    else if (role === ROLE.browser) pop.remaining[u] = sessions;
  }
  regulars.sort((a, b) => a - b);
  regulars.forEach((u, i) => {
    drawWindow(pop, u, cal.days, rng);
    const first = pop.firstDay[u] ?? 0;
    const last = pop.lastDay[u] ?? 0;
    rate[i] = rng.gamma(RATE_SHAPE) * windowWeight(cal, first, last);
    caps[i] = Math.max(0, Math.floor(MAX_ORDERS_PER_DAY * (last - first + 1)) - 2);
  });
  const extra = allocate(Math.max(0, orders - oneTime - 2 * regulars.length), rate, caps);
  regulars.forEach((u, i) => {
    pop.remaining[u] = 2 + (extra[i] ?? 0);
  });
  return pop;
}
