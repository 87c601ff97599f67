/** Typed arrays that grow by doubling while an index is built, trimmed to size at the end. */

type TypedCtor<T> = { new (n: number): T };
type Typed = Int32Array | Uint16Array | Uint32Array | Uint8Array | Float32Array | Float64Array;

/** An append-only typed array. */
export class Growable<T extends Typed> {
  private buf: T;
  length = 0;

  constructor(
    private readonly ctor: TypedCtor<T>,
    capacity = 1024,
  ) {
    this.buf = new ctor(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new this.ctor(this.buf.length * 2);
      next.set(this.buf as never);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** A copy holding exactly the pushed values (the doubling slack is released). */
  finish(): T {
    const out = new this.ctor(this.length);
    out.set(this.buf.subarray(0, this.length) as never);
    return out;
  }
}

/** Interns short strings (signal names) as small integers. */
export class StringTable {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      if (id > 255) throw new RangeError('more than 256 distinct sources in a run cache');
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}
