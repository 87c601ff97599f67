/**
 * Waiting on worker threads' events from async code on the parent: event handlers change some
 * state and call `notify` (or `fail` with the first error); `until(done)` resolves once done()
 * holds, and rejects with that error. One waiter at a time (callers wait in turn).
 */
export class ThreadWaiter {
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  /** The first error passed to `fail`, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Wakes the waiter to test its condition again. */
  notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Records the first error and wakes the waiter (which then rejects with it). */
  fail(e: Error): void {
    this.failure ??= e;
    this.notify();
  }

  /** Resolves when done() holds; rejects with the first error. */
  async until(done: () => boolean): Promise<void> {
    while (!done() && !this.failure) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
  }
}
