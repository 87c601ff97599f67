import type { Csr } from '../types';
import { historyDirections, solveUserExact, type UserHistory, type UserSystem } from './als-exact';
import { WoodburySolver, woodburyBasis } from './als-woodbury';

/**
 * The exact per-user ALS algebra of a fitted AlsModel: user vectors x_u = A_u⁻¹b_u re-solved
 * from the final merchant factors (cached per user), and the directions c_uj·A_u⁻¹y_j that make
 * explanations one dot product per history merchant (the last user's kept). Both by the Woodbury
 * identity when the user has at most f/2 merchants (als-woodbury.ts), else from the factorised
 * system (als-exact.ts).
 */
export class AlsExactUsers {
  private readonly woodbury: WoodburySolver;
  private lastSystem: { user: number; sys: UserSystem } | undefined;
  private lastExplained: { user: number; h: UserHistory; dirs: Float64Array } | undefined;
  /** Exact vectors solved so far (f per user) and which (1 = solved): what a snapshot carries. */
  vectors: Float64Array;
  done: Uint8Array;

  /**
   * @param weights - the training matrix's weights r_uj
   * @param y - merchant factors, row-major
   * @param gramY - G = YᵀY + λI
   * @param f - number of factors
   * @param alpha - α (c = 1 + α·r)
   */
  constructor(
    private readonly weights: Csr,
    private readonly y: Float64Array,
    private readonly gramY: Float64Array,
    private readonly f: number,
    private readonly alpha: number,
  ) {
    this.woodbury = new WoodburySolver(y, woodburyBasis(gramY, y, f), f);
    this.vectors = new Float64Array(weights.nRows * f);
    this.done = new Uint8Array(weights.nRows);
  }

  /** x_u, solved on first use. O(n_u·f + m²·f + m³) by Woodbury, else O(n_u·f² + f³). */
  vector(u: number): Float64Array {
    const f = this.f;
    if (this.done[u] === 0) {
      const w = this.weights;
      const start = w.indptr[u]!;
      const end = w.indptr[u + 1]!;
      const solved = this.woodbury.solve(w.indices.subarray(start, end), w.data.subarray(start, end), this.alpha, this.vectors, u * f);
      if (!solved) this.vectors.set(this.system(u).x, u * f);
      this.done[u] = 1;
    }
    return this.vectors.subarray(u * f, u * f + f);
  }

  /**
   * The last explained user's history and directions c_uj·A_u⁻¹y_j (row q for history entry q).
   * O(m²·f + n_u·m·f), or O(n_u·f² + f³).
   */
  explainer(u: number): { h: UserHistory; dirs: Float64Array } {
    if (this.lastExplained?.user === u) return this.lastExplained;
    const h = this.history(u);
    const dirs = new Float64Array(h.merchants.length * this.f);
    const solved = this.woodbury.directions(h.merchants, h.confMinusOne, 1, dirs);
    this.lastExplained = { user: u, h, dirs: solved ? dirs : historyDirections(this.system(u), this.y, this.f, h) };
    return this.lastExplained;
  }

  private history(u: number): UserHistory {
    const w = this.weights;
    const start = w.indptr[u]!;
    const end = w.indptr[u + 1]!;
    const confMinusOne = new Float64Array(end - start);
    for (let q = start; q < end; q++) confMinusOne[q - start] = this.alpha * w.data[q]!;
    return { merchants: w.indices.subarray(start, end), confMinusOne };
  }

  /** The last user's factorised system (when Woodbury does not apply). */
  private system(u: number): UserSystem {
    if (this.lastSystem?.user !== u) this.lastSystem = { user: u, sys: solveUserExact(this.gramY, this.y, this.f, this.history(u)) };
    return this.lastSystem.sys;
  }
}
