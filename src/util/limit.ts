// A counting semaphore: at most `max` tasks run at once, the rest wait. Collectors wrap every API request
// in one so that many accounts, regions and calls run concurrently without flooding an API. A waiting task
// with a higher priority goes first (the AWS collector lets the pages of a list, which form chains, pass
// the per-item calls, which do not); tasks of equal priority go in order.

export type Limit = <T>(task: () => Promise<T>, priority?: number) => Promise<T>;

/** Waiters by priority, first in first out within one priority. */
export class PriorityQueue<T> {
  private readonly lanes = new Map<number, T[]>();
  private order: number[] = [];
  size = 0;

  push(item: T, priority = 0): void {
    let lane = this.lanes.get(priority);
    if (!lane) {
      lane = [];
      this.lanes.set(priority, lane);
      this.order = [...this.lanes.keys()].sort((a, b) => b - a);
    }
    lane.push(item);
    this.size++;
  }

  shift(): T | undefined {
    for (const p of this.order) {
      const lane = this.lanes.get(p);
      if (lane?.length) {
        this.size--;
        return lane.shift();
      }
    }
    return undefined;
  }
}

export function createLimit(max: number): Limit {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`concurrency must be an integer ≥ 1, got ${max}`);
  let active = 0;
  const waiting = new PriorityQueue<() => void>();
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async (task, priority = 0) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve, priority));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
