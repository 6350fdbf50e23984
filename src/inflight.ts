/** Counts requests being handled so a shutdown can wait for them to finish. */
export function createInflight() {
  let count = 0;
  const waiters: (() => void)[] = [];
  return {
    begin() {
      count += 1;
    },
    end() {
      count -= 1;
      if (count === 0) for (const w of waiters.splice(0)) w();
    },
    get count() {
      return count;
    },
    /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
    drain(timeoutMs: number): Promise<boolean> {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
export type Inflight = ReturnType<typeof createInflight>;
