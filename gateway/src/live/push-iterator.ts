/** Values queued for a consumer by default before it counts as too slow. */
export const DEFAULT_MAX_QUEUED = 1000;

export interface PushIteratorOptions<T> {
  /** Values queued at most; one more and the queue is replaced by `overflow()`, then it ends. */
  maxQueued?: number;
  overflow: () => T;
}

/**
 * An async iterator fed from outside: `push` queues a value, `end` finishes after the
 * queued values. graphql-ws pulls from it; `return()` (client stopped) calls `onReturn`.
 * A consumer that falls `maxQueued` values behind (a slow socket) is not buffered for without
 * bound: what it has not read is dropped for one last value saying so (an error it can resume
 * from with its last cursor), and the iterator ends.
 */
export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  constructor(
    private readonly onReturn: () => void,
    private readonly options?: PushIteratorOptions<T>,
  ) {}

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
    } else if (this.options && this.queue.length >= (this.options.maxQueued ?? DEFAULT_MAX_QUEUED)) {
      this.queue.length = 0;
      this.queue.push(this.options.overflow());
      this.end();
    } else {
      this.queue.push(value);
    }
  }

  /** Values pushed and not yet read. */
  get queued(): number {
    return this.queue.length;
  }

  /** Finishes once the queued values are consumed. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onReturn();
    if (this.waiting && this.queue.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
