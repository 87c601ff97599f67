/** Numbers as the serving cache and the API write them: rounded to 6 decimals, and their JSON text. */

/**
 * JSON number of a stored float32 value, rounded to 6 decimals (0.488027, not
 * 0.48802655935287476): the digits float32 keeps for scores on a 0–1 scale, and exact integers
 * for counts. Much cheaper than toPrecision on the hot path.
 */
export function f32(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** '0' … '999' */
const WHOLE = Array.from({ length: 1000 }, (_, i) => String(i));
/** '000' … '999' */
const DIGITS3 = WHOLE.map((w) => w.padStart(3, '0'));
/** '000' … '999' without trailing zeros ('120' → '12', '000' → '') */
const DIGITS3_TRIMMED = DIGITS3.map((d) => d.replace(/0+$/, ''));

/**
 * `JSON.stringify(f32(x))`, put together from three-digit strings instead of converting a
 * fraction to text: V8's number-to-text of a fraction was ~20 µs of every answer written afresh
 * (a CPU profile of the server, every user of bench:api's scale-1 database at random: ~60
 * numbers at ~330 ns); this is ~85 ns each (throw-away timing). Equal for every x (tested):
 * f32(x) is the double nearest to n/10^6 for the integer n = round(x·10^6), and below 1,000 in
 * magnitude the decimal n/10^6 without trailing zeros is the shortest text that reads back as
 * it (two multiples of 10^-6 are farther apart there than a double's precision), which is what
 * JSON.stringify writes. Beyond that, and for NaN and ±Infinity, it is JSON.stringify itself.
 */
export function f32Text(x: number): string {
  const n = Math.round(x * 1e6);
  if (!(n < 1e9 && n > -1e9)) return JSON.stringify(f32(x));
  const a = n < 0 ? -n : n;
  const whole = (a / 1e6) | 0;
  const frac = a - whole * 1e6;
  const w = n < 0 ? `-${WHOLE[whole]}` : WHOLE[whole]!;
  if (frac === 0) return a === 0 ? '0' : w;
  const hi = (frac / 1000) | 0;
  const lo = frac - hi * 1000;
  return lo === 0 ? `${w}.${DIGITS3_TRIMMED[hi]}` : `${w}.${DIGITS3[hi]}${DIGITS3_TRIMMED[lo]}`;
}
