/**
 * Serialises async work per key inside this process: the second of two
 * signings of one document waits for the first, then sees its result. (Other
 * processes on the same workspace are stopped by the transaction that records
 * a step, which re-checks the step is still pending.)
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(() => fn());
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
