// A counting semaphore: at most `max` tasks run at once, the rest wait in order. Collectors wrap every
// API request in one so that many accounts, regions and calls run concurrently without flooding an API.

export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimit(max: number): Limit {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`concurrency must be an integer ≥ 1, got ${max}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async (task) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
