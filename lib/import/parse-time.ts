/** Earliest and latest event times accepted (epoch ms): 1990-01-01 .. 2100-01-01 UTC. */
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC = /^\d+(?:\.\d+)?$/;
/** The common shapes (`2024-12-01T10:00:00Z`, `2024-12-01 10:00:00.123`), parsed by Date.parse. */
const FAST = /^\d{4}-(\d{2})-(\d{2})[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function fastParse(s: string): number | undefined {
  const m = FAST.exec(s);
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  // Date.parse rolls 2024-02-30 over to March: reject impossible days before asking it.
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  const ms = Date.parse(s.endsWith('Z') ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms) || (month === 2 && day === 29 && new Date(ms).getUTCMonth() !== 1)) return undefined;
  return ms;
}

/**
 * Parses an event time to epoch milliseconds (UTC), or returns an error message.
 * Accepts ISO 8601 (`2024-12-01T10:00:00Z`, offsets, fractional seconds), Amplitude's
 * `2024-12-01 10:00:00.123000` (UTC, microseconds), and Unix seconds (≤ 11 digits) or
 * milliseconds. A time without an offset is taken as UTC.
 */
export function parseEventTime(raw: string): number | string {
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
