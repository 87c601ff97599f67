/**
 * Append-only typed-array buffers that double their capacity, so that millions of events can
 * be accumulated without one object per event. Amortised O(1) per push.
 */

type TypedCtor<T> = new (n: number) => T;

function grow<T extends Int32Array | Float64Array | Uint8Array>(
  ctor: TypedCtor<T>,
  old: T,
  need: number,
): T {
  let cap = Math.max(16, old.length);
  while (cap < need) cap *= 2;
  const next = new ctor(cap);
  next.set(old);
  return next;
}

/** Growable Int32Array. */
export class Int32Buffer {
  /** Backing storage; only `[0, length)` is meaningful. */
  buf: Int32Array;
  /** Number of values pushed. */
  length = 0;
  /** @param capacity - initial capacity */
  constructor(capacity = 1024) {
    this.buf = new Int32Array(capacity);
  }
  /** Append one value. Amortised O(1). */
  push(v: number): void {
    if (this.length === this.buf.length) this.buf = grow(Int32Array, this.buf, this.length + 1);
    this.buf[this.length++] = v;
  }
  /** A trimmed copy of the pushed values. O(length). */
  toArray(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

/** Growable Float64Array. */
export class Float64Buffer {
  /** Backing storage; only `[0, length)` is meaningful. */
  buf: Float64Array;
  /** Number of values pushed. */
  length = 0;
  /** @param capacity - initial capacity */
  constructor(capacity = 1024) {
    this.buf = new Float64Array(capacity);
  }
  /** Append one value. Amortised O(1). */
  push(v: number): void {
    if (this.length === this.buf.length) this.buf = grow(Float64Array, this.buf, this.length + 1);
    this.buf[this.length++] = v;
  }
  /** A trimmed copy of the pushed values. O(length). */
  toArray(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

/** Growable Uint8Array. */
export class Uint8Buffer {
  /** Backing storage; only `[0, length)` is meaningful. */
  buf: Uint8Array;
  /** Number of values pushed. */
  length = 0;
  /** @param capacity - initial capacity */
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }
  /** Append one value. Amortised O(1). */
  push(v: number): void {
    if (this.length === this.buf.length) this.buf = grow(Uint8Array, this.buf, this.length + 1);
    this.buf[this.length++] = v;
  }
}
