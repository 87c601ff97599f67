/**
 * Time structure of the demo: the days of the window with their relative order volume
 * (weekday rhythm, slow growth, day-to-day noise) and the hour-of-day profile per category.
 * Hours are UTC, read as the city's local time.
 */
import type { HourProfile } from './categories';
import type { Rng } from './random';

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;
/** Milliseconds per hour. */
export const HOUR_MS = 3_600_000;

/** Relative order volume per hour 0..23; lunch and dinner peaks, near zero at 3-5 am. */
// prettier-ignore
const RAW_PROFILES: Record<HourProfile, readonly number[]> = {
  meal: [2, 1.2, 0.7, 0.4, 0.3, 0.4, 0.8, 1.5, 2.5, 3.5, 5, 10, 18, 16, 8, 5, 6, 10, 17, 21, 17, 11, 6, 3.5],
  late: [5, 3.5, 2.2, 1, 0.6, 0.5, 0.6, 1, 1.5, 2.5, 4, 8, 15, 13, 7, 5, 6, 10, 17, 22, 20, 16, 11, 7.5],
  coffee: [0.4, 0.2, 0.1, 0.1, 0.2, 1, 5, 14, 19, 16, 11, 8, 7, 6, 6, 5, 3.5, 2.5, 1.8, 1.2, 0.9, 0.7, 0.5, 0.4],
  breakfast: [0.3, 0.2, 0.1, 0.1, 0.2, 0.8, 3, 9, 15, 17, 15, 11, 7, 4, 3, 2.5, 2, 2, 2, 1.5, 1, 0.6, 0.4, 0.3],
  evening: [4, 2.5, 1.2, 0.6, 0.4, 0.4, 0.5, 0.8, 1.5, 2.5, 3.5, 5, 7, 8, 9, 10, 10, 10, 11, 13, 15, 14, 10, 6.5],
  groceries: [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 5, 8, 10, 11, 11, 10, 9, 9, 10, 12, 13, 12, 9, 6, 3, 2],
  pharmacy: [0.8, 0.5, 0.4, 0.3, 0.3, 0.5, 1, 3, 7, 10, 11, 11, 10, 10, 10, 10, 10, 10, 9, 7, 5, 3, 2, 1.2],
};

/** Cumulative hour weights per profile (24 entries each), for {@link searchCumulative}. */
export const HOUR_CUMULATIVE: Record<HourProfile, Float64Array> = Object.fromEntries(
  Object.entries(RAW_PROFILES).map(([name, hours]) => {
    const cum = new Float64Array(24);
    let acc = 0;
    hours.forEach((h, i) => {
      acc += h;
      cum[i] = acc;
    });
    return [name, cum];
  }),
) as Record<HourProfile, Float64Array>;

/** Order volume by UTC weekday (0 = Sunday): Friday and Saturday are the busiest days. */
export const WEEKDAY_FACTOR: readonly number[] = [1.1, 0.88, 0.9, 0.93, 1.0, 1.22, 1.3];

/** The window cut into UTC calendar days. */
export interface Calendar {
  /** First and last instant of the window (epoch ms, inclusive). */
  readonly start: number;
  readonly end: number;
  /** Number of calendar days the window touches. */
  readonly days: number;
  /** Epoch ms of each day's UTC midnight. */
  readonly dayStart: Float64Array;
  /** Relative order volume of each day. */
  readonly weight: Float64Array;
  /** prefix[d] = weight[0] + … + weight[d-1] (length days + 1). */
  readonly prefix: Float64Array;
}

/**
 * Builds the calendar of a window of `days` days ending at `end` (inclusive, 1 s resolution).
 * A day's weight is weekday factor × linear growth (+10 % over the window) × lognormal noise
 * (σ = 0.06) × the fraction of the day inside the window.
 * @param end - last instant, epoch ms
 * @param days - window length in days (≥ 1)
 * @param rng - stream for the day-to-day noise
 */
export function buildCalendar(end: number, days: number, rng: Rng): Calendar {
  const start = end - days * DAY_MS + 1000;
  const first = Math.floor(start / DAY_MS);
  const n = Math.floor(end / DAY_MS) - first + 1;
  const dayStart = new Float64Array(n);
  const weight = new Float64Array(n);
  const prefix = new Float64Array(n + 1);
  for (let d = 0; d < n; d++) {
    const t0 = (first + d) * DAY_MS;
    const inside = (Math.min(t0 + DAY_MS, end + 1000) - Math.max(t0, start)) / DAY_MS;
    const weekday = new Date(t0).getUTCDay();
    const growth = 1 + (0.1 * d) / Math.max(1, n - 1);
    const noise = Math.exp(0.06 * rng.normal());
    dayStart[d] = t0;
    weight[d] = (WEEKDAY_FACTOR[weekday] ?? 1) * growth * noise * inside;
    prefix[d + 1] = (prefix[d] ?? 0) + (weight[d] ?? 0);
  }
  return { start, end, days: n, dayStart, weight, prefix };
}

/**
 * Total weight of days `from..to` (inclusive).
 * @param cal - the calendar
 * @param from - first day index
 * @param to - last day index
 */
export function windowWeight(cal: Calendar, from: number, to: number): number {
  return (cal.prefix[to + 1] ?? 0) - (cal.prefix[from] ?? 0);
}
