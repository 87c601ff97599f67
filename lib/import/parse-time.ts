/** Earliest and latest event times accepted (epoch ms): 1990-01-01 .. 2100-01-01 UTC. */
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC = /^\d+(?:\.\d+)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The digit at `i` (0..9), or -1 for any other character. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function digits2(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The common shapes, read character by character (this runs once per imported row):
 * `2024-12-01T10:00:00Z`, `2024-12-01 10:00:00.123`, `2024-12-01T10:00:00.123456Z` (UTC,
 * fractions of up to 9 digits; rounded to ms by the caller). Returns undefined for anything else
 * (offsets, dates without a time, impossible calendar values), which the general path handles.
 */
function fastParse(s: string): number | undefined {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return undefined; // 'T' or ' '
  const y1 = digits2(s, 0);
  const y2 = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  const sec = digits2(s, 17);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  const y = y1 * 100 + y2;
  if (d > DAYS_IN_MONTH[mo - 1]! || (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)))) return undefined;
  let i = 19;
  let ms = 0;
  if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    i++;
    const start = i;
    let scale = 100;
    for (; i < n && i - start < 9; i++) {
      const c = digit(s, i);
      if (c < 0) break;
      ms += c * scale;
      scale /= 10;
    }
    if (i === start) return undefined;
  }
  if (i < n && (s.charCodeAt(i) === 90 || s.charCodeAt(i) === 122)) i++; // 'Z' / 'z'
  if (i !== n) return undefined;
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

let lastRaw = '';
let lastValue: number | string = 'is empty';

/**
 * Parses an event time to epoch milliseconds (UTC), or returns an error message.
 * Accepts ISO 8601 (`2024-12-01T10:00:00Z`, offsets, fractional seconds), Amplitude's
 * `2024-12-01 10:00:00.123000` (UTC, microseconds), and Unix seconds (≤ 11 digits) or
 * milliseconds. A time without an offset is taken as UTC.
 */
export function parseEventTime(raw: string): number | string {
  // Consecutive rows often share a time (the lines of one order): remember the last answer.
  if (raw !== lastRaw) {
    lastValue = parseUncached(raw);
    lastRaw = raw;
  }
  return lastValue;
}

function parseUncached(raw: string): number | string {
  const s = raw.trim();
  if (!s) return 'is empty';
  let ms: number;
  const fast = fastParse(s);
  if (fast !== undefined) {
    ms = fast;
  } else if (NUMERIC.test(s)) {
    const n = Number(s);
    ms = s.split('.')[0]!.length <= 11 ? n * 1000 : n;
  } else {
    const m = ISO.exec(s);
    if (!m) return `"${clip(raw)}" is not a time (expected ISO 8601, e.g. 2024-12-01T10:00:00Z, or Unix seconds/milliseconds)`;
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
    const fracMs = frac ? Number(`0.${frac}`) * 1000 : 0;
    ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec) + fracMs;
    const check = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec));
    if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +sec > 60) {
      return `"${clip(raw)}" is not a valid calendar time`;
    }
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  }
  if (!Number.isFinite(ms)) return `"${clip(raw)}" is not a time`;
  if (ms < MIN_TIME || ms >= MAX_TIME) return `"${clip(raw)}" is outside 1990..2100`;
  return Math.round(ms);
}

/** Shortens a value for an error message so a 1 MB field never floods a log. */
export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
