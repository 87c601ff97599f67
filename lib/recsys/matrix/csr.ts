import type { Csr } from '../types';

/**
 * Compressed-sparse-row helpers on typed arrays (Saad, "Iterative Methods for Sparse Linear
 * Systems", §3.4). All functions are pure: they never mutate their inputs.
 */

/**
 * Permutation that orders COO entries by (row, col): a two-pass counting sort (by column,
 * then stable by row), O(nnz + nRows + nCols), no comparisons.
 * @param rows - row index per entry, each in 0..nRows-1
 * @param cols - column index per entry, each in 0..nCols-1
 * @returns `perm` such that entries perm[0], perm[1], … are sorted by row then column,
 *   plus the row pointer `indptr` (length nRows + 1) of the sorted order (duplicates kept)
 */
export function sortCoo(
  rows: Int32Array,
  cols: Int32Array,
  nRows: number,
  nCols: number,
): { perm: Int32Array; indptr: Int32Array } {
  const nnz = rows.length;
  if (cols.length !== nnz) throw new RangeError('rows and cols must have equal length');
  const colStart = new Int32Array(nCols + 1);
  for (let p = 0; p < nnz; p++) {
    const c = cols[p]!;
    if (c < 0 || c >= nCols) throw new RangeError(`col ${c} out of range 0..${nCols - 1}`);
    colStart[c + 1]!++;
  }
  for (let c = 0; c < nCols; c++) colStart[c + 1]! += colStart[c]!;
  const byCol = new Int32Array(nnz);
  for (let p = 0; p < nnz; p++) byCol[colStart[cols[p]!]!++] = p;
  const indptr = new Int32Array(nRows + 1);
  for (let p = 0; p < nnz; p++) {
    const r = rows[p]!;
    if (r < 0 || r >= nRows) throw new RangeError(`row ${r} out of range 0..${nRows - 1}`);
    indptr[r + 1]!++;
  }
  for (let r = 0; r < nRows; r++) indptr[r + 1]! += indptr[r]!;
  const next = indptr.slice(0, nRows);
  const perm = new Int32Array(nnz);
  for (let q = 0; q < nnz; q++) {
    const p = byCol[q]!;
    perm[next[rows[p]!]!++] = p;
  }
  return { perm, indptr };
}

/**
 * Build a CSR matrix from coordinate (COO) triples; duplicate (row, col) entries are summed.
 * O(nnz + nRows + nCols).
 * @param nRows - number of rows
 * @param nCols - number of columns
 * @param rows - row per entry
 * @param cols - column per entry
 * @param vals - value per entry (default all 1)
 */
export function cooToCsr(
  nRows: number,
  nCols: number,
  rows: Int32Array,
  cols: Int32Array,
  vals?: Float64Array,
): Csr {
  const { perm, indptr: rawPtr } = sortCoo(rows, cols, nRows, nCols);
  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(perm.length);
  const data = new Float64Array(perm.length);
  let w = 0;
  for (let r = 0; r < nRows; r++) {
    const start = w;
    for (let q = rawPtr[r]!; q < rawPtr[r + 1]!; q++) {
      const p = perm[q]!;
      const c = cols[p]!;
      const v = vals ? vals[p]! : 1;
      if (w > start && indices[w - 1] === c) data[w - 1]! += v;
      else {
        indices[w] = c;
        data[w] = v;
        w++;
      }
    }
    indptr[r + 1] = w;
  }
  return { nRows, nCols, indptr, indices: indices.slice(0, w), data: data.slice(0, w) };
}

/**
 * Transpose (CSR → CSR of the transpose, i.e. CSC of the input), columns stay sorted.
 * O(nnz + nRows + nCols).
 * @param m - the matrix
 */
export function transpose(m: Csr): Csr {
  const { nRows, nCols, indptr, indices, data } = m;
  const nnz = indices.length;
  const tPtr = new Int32Array(nCols + 1);
  for (let p = 0; p < nnz; p++) tPtr[indices[p]! + 1]!++;
  for (let c = 0; c < nCols; c++) tPtr[c + 1]! += tPtr[c]!;
  const next = tPtr.slice(0, nCols);
  const tIdx = new Int32Array(nnz);
  const tData = new Float64Array(nnz);
  for (let r = 0; r < nRows; r++) {
    for (let p = indptr[r]!; p < indptr[r + 1]!; p++) {
      const q = next[indices[p]!]!++;
      tIdx[q] = r;
      tData[q] = data[p]!;
    }
  }
  return { nRows: nCols, nCols: nRows, indptr: tPtr, indices: tIdx, data: tData };
}

/** An all-empty nRows × nCols matrix. O(nRows). */
export function emptyCsr(nRows: number, nCols: number): Csr {
  return {
    nRows,
    nCols,
    indptr: new Int32Array(nRows + 1),
    indices: new Int32Array(0),
    data: new Float64Array(0),
  };
}

/** Number of stored entries in row r. O(1). */
export function rowNnz(m: Csr, r: number): number {
  return m.indptr[r + 1]! - m.indptr[r]!;
}

/**
 * Position of entry (r, c) in indices/data, −1 when not stored. Binary search in the sorted
 * row: O(log nnz(r)).
 */
export function entryIndex(m: Pick<Csr, 'indptr' | 'indices'>, r: number, c: number): number {
  let lo = m.indptr[r]!;
  let hi = m.indptr[r + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = m.indices[mid]!;
    if (v === c) return mid;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Value at (r, c), 0 when not stored. O(log nnz(r)). */
export function getValue(m: Csr, r: number, c: number): number {
  const q = entryIndex(m, r, c);
  return q < 0 ? 0 : m.data[q]!;
}

/**
 * Sparse dot product of row `ra` of `a` and row `rb` of `b` (same column space), by merging
 * the two sorted index lists. O(nnz(ra) + nnz(rb)).
 */
export function rowDot(a: Csr, ra: number, b: Csr, rb: number): number {
  let p = a.indptr[ra]!;
  const pe = a.indptr[ra + 1]!;
  let q = b.indptr[rb]!;
  const qe = b.indptr[rb + 1]!;
  let s = 0;
  while (p < pe && q < qe) {
    const ca = a.indices[p]!;
    const cb = b.indices[q]!;
    if (ca === cb) s += a.data[p++]! * b.data[q++]!;
    else if (ca < cb) p++;
    else q++;
  }
  return s;
}

/** Euclidean norm of every row: sqrt(Σ_c m[r,c]²). O(nnz). */
export function rowNorms(m: Csr): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) {
    let s = 0;
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.data[p]! * m.data[p]!;
    out[r] = Math.sqrt(s);
  }
  return out;
}

/** Euclidean norm of every column: sqrt(Σ_r m[r,c]²). O(nnz + nCols). */
export function colNorms(m: Csr): Float64Array {
  const out = new Float64Array(m.nCols);
  for (let p = 0; p < m.indices.length; p++) out[m.indices[p]!]! += m.data[p]! * m.data[p]!;
  for (let c = 0; c < m.nCols; c++) out[c] = Math.sqrt(out[c]!);
  return out;
}

/** Sum of every row. O(nnz). */
export function rowSums(m: Csr): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) {
    let s = 0;
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.data[p]!;
    out[r] = s;
  }
  return out;
}

/** Sum of every column. O(nnz + nCols). */
export function colSums(m: Csr): Float64Array {
  const out = new Float64Array(m.nCols);
  for (let p = 0; p < m.indices.length; p++) out[m.indices[p]!]! += m.data[p]!;
  return out;
}

/** Stored non-zeros per column (e.g. users per merchant on a binary matrix). O(nnz + nCols). */
export function colCounts(m: Csr): Int32Array {
  const out = new Int32Array(m.nCols);
  for (let p = 0; p < m.indices.length; p++) if (m.data[p] !== 0) out[m.indices[p]!]!++;
  return out;
}

/** Same structure with every non-zero value replaced by 1 (zeros dropped). O(nnz). */
export function binarize(m: Csr): Csr {
  return mapValues(m, (v) => (v !== 0 ? 1 : 0));
}

/**
 * Apply `f` to every stored value, dropping results equal to 0. O(nnz).
 * @param f - value transform, e.g. `Math.log1p`
 */
export function mapValues(m: Csr, f: (v: number, row: number, col: number) => number): Csr {
  const indptr = new Int32Array(m.nRows + 1);
  const indices = new Int32Array(m.indices.length);
  const data = new Float64Array(m.indices.length);
  let w = 0;
  for (let r = 0; r < m.nRows; r++) {
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      const v = f(m.data[p]!, r, m.indices[p]!);
      if (v !== 0) {
        indices[w] = m.indices[p]!;
        data[w++] = v;
      }
    }
    indptr[r + 1] = w;
  }
  return { nRows: m.nRows, nCols: m.nCols, indptr, indices: indices.slice(0, w), data: data.slice(0, w) };
}

/**
 * y = m · x (sparse matrix × dense vector), written into `out`. O(nnz).
 * @param x - dense vector of length nCols
 * @param out - buffer of length nRows (reused; default new)
 */
export function mulVec(m: Csr, x: Float64Array, out = new Float64Array(m.nRows)): Float64Array {
  for (let r = 0; r < m.nRows; r++) {
    let s = 0;
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.data[p]! * x[m.indices[p]!]!;
    out[r] = s;
  }
  return out;
}

/**
 * Dense copy as an array of Float64Array rows, for tests and tiny matrices. O(nRows·nCols).
 */
export function toDense(m: Csr): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = 0; r < m.nRows; r++) {
    const row = new Float64Array(m.nCols);
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) row[m.indices[p]!] = m.data[p]!;
    out.push(row);
  }
  return out;
}
