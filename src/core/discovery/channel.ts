// A one-consumer queue between the walk (which pushes as it finds) and the async iterator (which pulls).

export class Channel<T> {
  private readonly items: T[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;
  private error: unknown = null;

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  close(error?: unknown): void {
    this.closed = true;
    if (error !== undefined) this.error = error;
    this.wake();
  }

  /** The next item, or null once the channel is closed and empty. Rethrows the error it was closed with. */
  async next(): Promise<T | null> {
    for (;;) {
      if (this.items.length) return this.items.shift()!;
      if (this.closed) {
        if (this.error !== null) throw this.error;
        return null;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
