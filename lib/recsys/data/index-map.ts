import type { IdIndex } from '../types';

/**
 * Bidirectional map between external string ids and dense indices 0..size-1, assigned in
 * first-seen order. Implements {@link IdIndex}. `indexOf`/`add` are O(1) amortised (hash
 * map), `idOf` is O(1) (array).
 */
export class IndexMap implements IdIndex {
  private readonly idList: string[] = [];
  private readonly byId = new Map<string, number>();

  /** @param ids - optional initial ids; duplicates are collapsed to their first index */
  constructor(ids?: Iterable<string>) {
    if (ids) for (const id of ids) this.add(id);
  }

  /** Number of distinct ids. */
  get size(): number {
    return this.idList.length;
  }

  /**
   * External id of a dense index.
   * @param idx - 0 ≤ idx < size
   * @throws RangeError when idx is out of range
   */
  idOf(idx: number): string {
    const id = this.idList[idx];
    if (id === undefined) throw new RangeError(`idx ${idx} out of range 0..${this.size - 1}`);
    return id;
  }

  /** Dense index of an external id, or `undefined` when unknown. */
  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** True when the id is known. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * Index of `id`, assigning the next free index when it is new.
   * @param id - external id
   */
  add(id: string): number {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    const idx = this.idList.length;
    this.idList.push(id);
    this.byId.set(id, idx);
    return idx;
  }

  /** All ids in index order (a read-only view; do not mutate). */
  ids(): readonly string[] {
    return this.idList;
  }

  /** An independent copy (same indices), e.g. to extend without touching the original. */
  clone(): IndexMap {
    return new IndexMap(this.idList);
  }
}
