import { choleskyInPlace, cholSolve } from './als-exact';

/**
 * The exact ALS user vector x_u = A_u⁻¹ b_u by the Woodbury identity, for users with few
 * history merchants. With G = YᵀY + λI (shared), d_j = c_uj − 1 and U the f × m matrix of
 * columns √d_j·y_j (the m history merchants with d_j > 0):
 *   A_u = G + UUᵀ,  A_u⁻¹ = G⁻¹ − G⁻¹U (I + UᵀG⁻¹U)⁻¹ UᵀG⁻¹.
 * With P = YG⁻¹ precomputed once (P_j = G⁻¹y_j, G symmetric), a user costs O(n_u·f + m²·f + m³)
 * instead of the O(n_u·f² + f³) of assembling and factorising A_u (als-exact.ts), i.e. about
 * 50× less for a typical handful of orders. It is the same x_u in exact arithmetic; in floating
 * point the two differ by rounding only (I + UᵀG⁻¹U has eigenvalues ≥ 1, so its solve is
 * well conditioned).
 */
export class WoodburySolver {
  private readonly m: Float64Array;
  private readonly r: Float64Array;
  private readonly t: Float64Array;
  private readonly sd: Float64Array;
  private readonly rows: Int32Array;
  /** Largest m (history merchants with c − 1 > 0) solved here; beyond it the caller factorises A_u. */
  readonly maxRank: number;

  /**
   * @param y - merchant factors, row-major, f per merchant
   * @param p - P = Y·G⁻¹ (see {@link woodburyBasis})
   * @param f - number of factors
   */
  constructor(
    private readonly y: Float64Array,
    private readonly p: Float64Array,
    private readonly f: number,
  ) {
    this.maxRank = Math.max(1, f >> 1);
    const n = this.maxRank;
    this.m = new Float64Array(n * n);
    this.r = new Float64Array(n);
    this.t = new Float64Array(n);
    this.sd = new Float64Array(n);
    this.rows = new Int32Array(n);
  }

  /**
   * x_u into out[offset .. offset + f). O(n_u·f + m²·f + m³).
   * @param merchants - the user's history merchants j
   * @param r - their interaction weights r_uj (d_j = c_uj − 1 = α·r_uj ≥ 0)
   * @param alpha - α
   * @param out - receives x_u
   * @param offset - where x_u starts in out
   * @returns false (out untouched) when more than maxRank merchants have d_j > 0
   */
  solve(merchants: ArrayLike<number>, r: ArrayLike<number>, alpha: number, out: Float64Array, offset: number): boolean {
    const { f, p } = this;
    const m = this.factorise(merchants, r, alpha);
    if (m < 0) return false;
    // g = G⁻¹b = Σ_j c_j P_j, written straight into out
    for (let a = 0; a < f; a++) out[offset + a] = 0;
    for (let q = 0; q < merchants.length; q++) {
      const c = alpha * r[q]! + 1;
      const po = merchants[q]! * f;
      for (let a = 0; a < f; a++) out[offset + a]! += c * p[po + a]!;
    }
    this.correct(m, out, offset);
    return true;
  }

  /**
   * The directions c_uj·A_u⁻¹y_j of every history merchant j (row q of `out` for entry q), which
   * make ALS explanations one dot product per history merchant (see explainShares in
   * als-exact.ts): A_u⁻¹y_j = P_j − G⁻¹U(I + UᵀG⁻¹U)⁻¹UᵀP_j. O(m²·f + n_u·(m·f + m²)).
   * @param merchants - the user's history merchants j
   * @param r - their interaction weights r_uj
   * @param alpha - α
   * @param out - receives n_u·f values
   * @returns false (out untouched) when more than maxRank merchants have d_j > 0
   */
  directions(merchants: ArrayLike<number>, r: ArrayLike<number>, alpha: number, out: Float64Array): boolean {
    const { f, p } = this;
    const m = this.factorise(merchants, r, alpha);
    if (m < 0) return false;
    for (let q = 0; q < merchants.length; q++) {
      const o = q * f;
      const po = merchants[q]! * f;
      for (let a = 0; a < f; a++) out[o + a] = p[po + a]!;
      this.correct(m, out, o);
      const c = alpha * r[q]! + 1;
      for (let a = 0; a < f; a++) out[o + a]! *= c;
    }
    return true;
  }

  /**
   * Collects U (merchants with d_j > 0) and factorises M = I + UᵀG⁻¹U (lower triangle,
   * row-major m × m). O(m²·f + m³).
   * @returns m, or −1 when m would exceed maxRank
   */
  private factorise(merchants: ArrayLike<number>, r: ArrayLike<number>, alpha: number): number {
    const { f, y, p, sd, rows } = this;
    let m = 0;
    for (let q = 0; q < merchants.length; q++) {
      const d = alpha * r[q]!;
      if (d > 0) {
        if (m === this.maxRank) return -1;
        rows[m] = merchants[q]!;
        sd[m++] = Math.sqrt(d);
      }
    }
    const mat = this.m;
    for (let i = 0; i < m; i++) {
      const yo = rows[i]! * f;
      for (let j = 0; j <= i; j++) {
        const po = rows[j]! * f;
        let d = 0;
        for (let a = 0; a < f; a++) d += y[yo + a]! * p[po + a]!;
        mat[i * m + j] = sd[i]! * sd[j]! * d + (i === j ? 1 : 0);
      }
    }
    if (m > 0) choleskyInPlace(mat, m);
    return m;
  }

  /**
   * v ← v − G⁻¹U M⁻¹Uᵀv for v = G⁻¹b in out[offset ..): turns G⁻¹b into A_u⁻¹b, with M from
   * `factorise`. O(m·f + m²).
   */
  private correct(m: number, out: Float64Array, offset: number): void {
    if (m === 0) return;
    const { f, y, p, sd, rows, t } = this;
    const rhs = this.r;
    // r = Uᵀg
    for (let i = 0; i < m; i++) {
      const yo = rows[i]! * f;
      let ry = 0;
      for (let a = 0; a < f; a++) ry += y[yo + a]! * out[offset + a]!;
      rhs[i] = sd[i]! * ry;
    }
    cholSolve(this.m, m, rhs, t);
    // x = g − G⁻¹U t = g − Σ_i √d_i t_i P_i
    for (let i = 0; i < m; i++) {
      const w = sd[i]! * t[i]!;
      const po = rows[i]! * f;
      for (let a = 0; a < f; a++) out[offset + a]! -= w * p[po + a]!;
    }
  }
}

/**
 * P = Y·G⁻¹ (row j = G⁻¹y_j) by one Cholesky factorisation of G. O(f³ + merchants·f²).
 * @param gram - G = YᵀY + λI, row-major f·f (not modified)
 * @param y - merchant factors, row-major
 * @param f - number of factors
 * @throws RangeError when G is not positive definite
 */
export function woodburyBasis(gram: Float64Array, y: Float64Array, f: number): Float64Array {
  const l = gram.slice(0, f * f);
  choleskyInPlace(l, f);
  const nM = y.length / f;
  const p = new Float64Array(y.length);
  for (let i = 0; i < nM; i++) cholSolve(l, f, y.subarray(i * f, i * f + f), p.subarray(i * f, i * f + f));
  return p;
}
