/** Options of the demo generator and their validation. */

/** Knobs of the demo data set. Counts are multiplied by `scale`. */
export interface DemoOptions {
  /** PRNG seed (integer); equal options give byte-identical output. */
  seed: number;
  /** Last instant of the window (ISO 8601, inclusive; truncated to whole seconds). */
  endDate: string;
  /** Window length in days. */
  days: number;
  /** Users in the population before scaling (not all of them order). */
  users: number;
  /** Merchants in the catalogue before scaling. */
  merchants: number;
  /** Exact number of `checkout_completed` events before scaling; page views come on top. */
  orders: number;
  /** Multiplies users, merchants and orders (12.5 ⇒ 625k users, 37.5k merchants, 5M orders). */
  scale: number;
}

/** Defaults: 60 days to 2026-10-31T23:59:59Z, 50,000 users, 3,000 merchants, 400,000 orders. */
export const DEFAULT_DEMO_OPTIONS: Readonly<DemoOptions> = Object.freeze({
  seed: 42,
  endDate: '2026-10-31T23:59:59Z',
  days: 60,
  users: 50_000,
  merchants: 3_000,
  orders: 400_000,
  scale: 1,
});

/** Options after defaults, validation and scaling. */
export interface ResolvedDemoOptions {
  seed: number;
  /** Last instant of the window, epoch ms (whole seconds). */
  end: number;
  days: number;
  users: number;
  merchants: number;
  orders: number;
}

function check(name: string, value: number, min: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`);
  }
  return value;
}

/**
 * Fills in {@link DEFAULT_DEMO_OPTIONS}, validates and applies `scale`
 * (`users`, `merchants` ≥ 1 after rounding; `orders` rounded).
 * @param opts - partial options
 * @throws RangeError naming the bad option
 */
export function resolveDemoOptions(opts: Partial<DemoOptions> = {}): ResolvedDemoOptions {
  const o = { ...DEFAULT_DEMO_OPTIONS, ...opts };
  const end = Date.parse(o.endDate);
  if (Number.isNaN(end)) {
    throw new RangeError(`endDate must be an ISO 8601 date, got "${o.endDate}"`);
  }
  const scale = o.scale;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError('scale must be a number > 0');
  check('seed', o.seed, Number.MIN_SAFE_INTEGER, true);
  return {
    seed: o.seed,
    end: Math.floor(end / 1000) * 1000,
    days: check('days', o.days, 1, true),
    users: Math.max(1, Math.round(check('users', o.users, 1, true) * scale)),
    merchants: Math.max(1, Math.round(check('merchants', o.merchants, 1, true) * scale)),
    orders: Math.round(check('orders', o.orders, 0, true) * scale),
  };
}
