/**
 * Fixed-window request counting per client, in memory (one server process). Memory is bounded:
 * at most `maxClients` windows are kept; when full, expired windows go first, then the oldest.
 */

export interface RateLimitOptions {
  /** Requests (or failures) allowed per client per window. */
  limit: number;
  windowMs: number;
  /** Most clients tracked at once (default 10,000). */
  maxClients?: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSec: number;
}

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  constructor(readonly options: RateLimitOptions) {}

  /** Clients currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string, now: number): Window {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs) {
      // Re-inserted on a new window, so the map stays ordered by window start (oldest first).
      this.windows.delete(key);
      this.evict();
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  private evict() {
    const max = this.options.maxClients ?? 10_000;
    if (this.windows.size < max) return;
    // Ordered by window start: expired windows come first, then the oldest live ones.
    for (const k of this.windows.keys()) {
      if (this.windows.size < max) break;
      this.windows.delete(k);
    }
  }

  private decision(w: Window, now: number, allowed: boolean): RateDecision {
    return { allowed, remaining: Math.max(0, this.options.limit - w.count), retryAfterSec: Math.max(1, Math.ceil((w.start + this.options.windowMs - now) / 1000)) };
  }

  /** Counts one request of `key`; `allowed` is false once the window's limit is used up. */
  hit(key: string, now = Date.now()): RateDecision {
    const w = this.current(key, now);
    if (w.count >= this.options.limit) return this.decision(w, now, false);
    w.count++;
    return this.decision(w, now, true);
  }

  /** Whether `key` has used up its window, without counting a request. */
  check(key: string, now = Date.now()): RateDecision {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs) return { allowed: true, remaining: this.options.limit, retryAfterSec: 0 };
    return this.decision(w, now, w.count < this.options.limit);
  }

  /** Forgets `key` (e.g. after a successful login). */
  reset(key: string): void {
    this.windows.delete(key);
  }
}

/**
 * The client a request comes from, for rate limits: the first X-Forwarded-For address (Next's
 * server sets it from the socket when a client sends none), else X-Real-IP, else "unknown".
 * A client can send its own X-Forwarded-For when no proxy overwrites it; the login limit
 * therefore also counts failures across all clients.
 */
export function clientAddress(headers: Headers): string {
  const xff = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return xff || headers.get('x-real-ip')?.trim() || 'unknown';
}

/** Shared limiter instances (proxy and route bundles see the same process-wide state). */
export function sharedLimiter(name: string, options: RateLimitOptions): RateLimiter {
  const g = globalThis as unknown as { __rateLimiters?: Map<string, RateLimiter> };
  const all = (g.__rateLimiters ??= new Map());
  let l = all.get(name);
  const same = l && l.options.limit === options.limit && l.options.windowMs === options.windowMs;
  if (!l || !same) {
    l = new RateLimiter(options);
    all.set(name, l);
  }
  return l;
}

/**
 * The opt-in API limit: API_RATE_LIMIT requests per minute per client (bearer token or
 * address); unset or 0 → no limit.
 * @throws Error naming the variable when it is not a whole number ≥ 0
 */
export function apiRateLimit(env: Record<string, string | undefined> = process.env): number {
  const raw = env.API_RATE_LIMIT?.trim();
  if (!raw) return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`API_RATE_LIMIT must be a whole number of requests per minute per client, or 0 for none (got "${raw}")`);
  return Number(raw);
}
