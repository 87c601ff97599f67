/** Small dense vector loops of the ALS solvers, unrolled by four (the JavaScript reference paths). */

/** a[ao ..]·b[bo ..] over n entries, four accumulators (breaks the add latency chain). O(n). */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    d0 += a[ao + k]! * b[bo + k]!;
    d1 += a[ao + k + 1]! * b[bo + k + 1]!;
    d2 += a[ao + k + 2]! * b[bo + k + 2]!;
    d3 += a[ao + k + 3]! * b[bo + k + 3]!;
  }
  for (; k < n; k++) d0 += a[ao + k]! * b[bo + k]!;
  return d0 + d1 + d2 + d3;
}

/** out[oo ..] += w·v[vo ..] over f entries, unrolled by four. */
export function axpy(out: Float64Array, oo: number, w: number, v: Float64Array, vo: number, f: number): void {
  let k = 0;
  for (; k + 3 < f; k += 4) {
    out[oo + k]! += w * v[vo + k]!;
    out[oo + k + 1]! += w * v[vo + k + 1]!;
    out[oo + k + 2]! += w * v[vo + k + 2]!;
    out[oo + k + 3]! += w * v[vo + k + 3]!;
  }
  for (; k < f; k++) out[oo + k]! += w * v[vo + k]!;
}
