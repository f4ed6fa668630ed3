/**
 * Bounds how many tasks run at once (requests in flight across every model); the rest wait in order.
 *
 * @example
 * ```ts
 * const limiter = new Limiter(2);
 * await Promise.all([1, 2, 3].map((x) => limiter.run(async () => x * 2))); // returns [2, 4, 6], at most 2 at a time
 * ```
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly slots: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
