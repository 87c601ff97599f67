/**
 * Integer apportionment: splits an exact total over weighted slots, so the generator can hit
 * an exact number of orders while each user's share follows their rate.
 */

/** One pass of systematic rounding over the eligible slots; returns how many were given. */
function pass(
  left: number,
  weights: ArrayLike<number>,
  out: Int32Array,
  caps: ArrayLike<number> | undefined,
): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (w > 0 && (!caps || (out[i] ?? 0) < (caps[i] ?? 0))) sum += w;
  }
  if (sum <= 0) return 0;
  // Systematic rounding: slot i gets floor(acc_i) - floor(acc_{i-1}) with acc starting at 0.5,
  // so the shares add up to `left` and each slot is within 1 of its exact share.
  let acc = 0.5;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    const have = out[i] ?? 0;
    if (!(w > 0) || (caps && have >= (caps[i] ?? 0))) continue;
    const before = Math.floor(acc);
    acc += (left * w) / sum;
    let k = Math.floor(acc) - before;
    if (caps) k = Math.min(k, (caps[i] ?? 0) - have);
    out[i] = have + k;
    given += k;
  }
  return given;
}

/**
 * Splits `total` into non-negative integers proportional to `weights`, respecting `caps` where
 * possible (what capped slots cannot take goes to the others; if every slot is full the rest
 * is spread ignoring caps). The result always sums to exactly `total`.
 * Example: `allocate(10, [1, 1, 2])` → `[3, 2, 5]`; with caps `[1, 10, 10]` → `[1, 3, 6]`.
 * Complexity O(n · rounds), rounds ≤ 30.
 * @param total - integer ≥ 0 to split
 * @param weights - non-negative weight per slot (weight ≤ 0 gets nothing unless all are ≤ 0)
 * @param caps - optional maximum per slot
 */
export function allocate(
  total: number,
  weights: ArrayLike<number>,
  caps?: ArrayLike<number>,
): Int32Array {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be an integer ≥ 0');
  const n = weights.length;
  const out = new Int32Array(n);
  if (n === 0 || total === 0) {
    if (total > 0) throw new RangeError('weights must not be empty when total > 0');
    return out;
  }
  let left = total;
  for (let round = 0; left > 0 && round < 30; round++) {
    const given = pass(left, weights, out, caps);
    if (given === 0 && round > 0) break;
    left -= given;
  }
  if (left > 0) left -= pass(left, weights, out, undefined);
  if (left > 0) {
    // Floating-point slack (or all weights ≤ 0): give the remainder to the heaviest slot.
    let best = 0;
    for (let i = 1; i < n; i++) if ((weights[i] ?? 0) > (weights[best] ?? 0)) best = i;
    out[best] = (out[best] ?? 0) + left;
  }
  return out;
}
