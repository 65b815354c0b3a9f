// A counting semaphore: at most `max` tasks run at once, the rest wait. Collectors wrap every API request
// in one so that many accounts, regions and calls run concurrently without flooding an API. A waiting task
// with a higher priority goes first (the AWS collector lets the pages of a list, which form chains, pass
// the per-item calls, which do not); tasks of equal priority go in order.

export type Limit = <T>(task: () => Promise<T>, priority?: number) => Promise<T>;

/** Waiters by priority, first in first out within one priority. Only the priorities that have waiters
 * are kept in order (highest first), so many distinct priorities cost nothing while empty. */
export class PriorityQueue<T> {
  private readonly lanes = new Map<number, T[]>();
  /** The priorities of non-empty lanes, highest first. */
  private readonly order: number[] = [];
  size = 0;

  push(item: T, priority = 0): void {
    let lane = this.lanes.get(priority);
    if (!lane) {
      lane = [];
      this.lanes.set(priority, lane);
    }
    if (lane.length === 0) {
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.order[mid] as number) > priority) lo = mid + 1;
        else hi = mid;
      }
      this.order.splice(lo, 0, priority);
    }
    lane.push(item);
    this.size++;
  }

  shift(): T | undefined {
    const top = this.order[0];
    if (top === undefined) return undefined;
    const lane = this.lanes.get(top) as T[];
    const item = lane.shift();
    if (lane.length === 0) {
      this.order.shift();
      this.lanes.delete(top);
    }
    this.size--;
    return item;
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
