/**
 * A bounded least-recently-used cache over a Map (a Map iterates in insertion order, so the
 * first key is the least recently used once every hit is moved to the end): the value kept under
 * `key`, made by `make` when there is none. A hit becomes the most recently used; a new value is
 * kept, dropping the least recently used key when `limit` are kept. When `make` throws nothing
 * is kept (and the error propagates). O(1) per call; for small exact limits (e.g. the two most
 * recent runs). Hot paths use KeptMap.
 */
export function keptValue<K, V>(map: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = map.get(key);
  if (value !== undefined || map.has(key)) {
    map.delete(key);
  } else {
    value = make();
    if (map.size >= limit) map.delete(map.keys().next().value!);
  }
  map.set(key, value as V);
  return value as V;
}

/**
 * A bounded cache of made values in two generations (two Maps): values are made into the young
 * one; when it holds half the limit it becomes the old one and the previous old one is dropped
 * whole; a value found in the old generation is copied into the young one. So a key used among
 * the last limit/2 distinct keys is always kept, at most `limit` entries are held, and a hit on
 * a recent key is one Map lookup. (A least-recently-used Map moved every hit to the end: a
 * lookup, a delete and an insert: ~4 µs of each kept API answer in `perf` of the serving process
 * under bench:api at scale 0.1, against ~1.8 µs of Map lookups per answer after this change.)
 */
export class KeptMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /** @param limit at most this many entries are held (≥ 2) */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`KeptMap: limit must be an integer ≥ 2 (got ${limit})`);
  }

  /**
   * The value kept under `key`, made by `make` when there is none. When `make` throws nothing is
   * kept (and the error propagates). O(1) per call (a generation change drops a Map whole).
   */
  get(key: K, make: () => V): V {
    let value = this.young.get(key);
    if (value !== undefined || this.young.has(key)) return value as V;
    value = this.old.get(key);
    if (value === undefined && !this.old.has(key)) value = make();
    this.young.set(key, value as V);
    if (this.young.size >= this.limit >> 1) {
      this.old = this.young;
      this.young = new Map();
    }
    return value as V;
  }

  /** Entries held (a key in both generations counts twice). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Whether `key` is kept (in either generation). */
  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }
}
