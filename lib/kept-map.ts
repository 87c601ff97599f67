/**
 * A bounded least-recently-used cache over a Map (a Map iterates in insertion order, so the
 * first key is the least recently used once every hit is moved to the end).
 */

/**
 * The value kept under `key`, made by `make` when there is none. A hit becomes the most recently
 * used; a new value is kept, dropping the least recently used key when `limit` are kept. When
 * `make` throws nothing is kept (and the error propagates).
 * O(1) per call.
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
