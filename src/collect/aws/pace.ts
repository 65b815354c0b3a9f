// Pacing per (account, region, service): AWS throttles each account's requests per region with a token
// bucket, so the collector keeps its own copy of that bucket and sends a request only when the service
// would accept it. Sending faster only buys ThrottlingExceptions, SDK back-off (up to seconds per
// retry) and, under the SDK's adaptive mode, a client that crawls at half a request a second.
//
// Against AWS itself the collector assumes the services' default quotas (QUOTAS), or the quotas the target
// configures (`aws.quotas`), and paces from the first request. Behind an endpoint override (LocalStack,
// moto, the built-in simulator, a test double) the limits are the endpoint's own and unknown, so a pacer
// for a service without a configured quota holds nothing back until that service first throttles, in any
// partition of the run (an endpoint that limits one account and region models limits for all); from then
// on every pacer of that service paces like the others, taking the default quota as its guess and the
// requests each has sent so far as spent from its bucket. When a service throttles anyway (another tool
// shares the account's bucket, or the account's quota is lower), the pacer takes its bucket as empty and
// slows down by a fifth; every accepted request then wins back a little of the rate.
import { PriorityQueue } from '../../util/limit.js';

export interface Quota {
  /** Requests the bucket holds when full. */
  burst: number;
  /** Requests per second it refills with. */
  perSecond: number;
}

/**
 * Default request quotas per account and region. RDS: Amazon RDS's published default for its whole API
 * (300 in a burst, 12 a second sustained). AWS Backup publishes per-API limits of the order of ten calls
 * a second; the collector treats the service as one bucket of 20, refilled at 10 a second. STS
 * (GetCallerIdentity, AssumeRole) is called once per partition or account and is not paced.
 */
export const QUOTAS: Readonly<Record<string, Quota>> = {
  rds: { burst: 300, perSecond: 12 },
  backup: { burst: 20, perSecond: 10 },
};

/**
 * The quota a service's pacer starts from, and whether the service is known to enforce it. Against AWS:
 * the target's `aws.quotas`, else AWS's defaults, paced from the first request; so is an endpoint
 * override on an AWS host (amazonaws.com). Behind another endpoint the limits are the endpoint's own: only
 * a configured quota is known; otherwise the default is the guess the pacer takes once the service has
 * throttled.
 */
export function quotaOf(
  aws: { endpoint?: string; quotas?: Partial<Record<string, Quota>> } | undefined,
  service: 'rds' | 'backup',
): { quota: Quota; known: boolean } {
  const configured = aws?.quotas?.[service];
  if (configured) return { quota: configured, known: true };
  return { quota: QUOTAS[service] as Quota, known: !aws?.endpoint || isAwsEndpoint(aws.endpoint) };
}

/** An endpoint override that is AWS itself (e.g. a regional or FIPS host): AWS's quotas apply there. */
function isAwsEndpoint(endpoint: string): boolean {
  try {
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Whether a service behind an endpoint has throttled anywhere in the run: shared by its pacers. */
export class Throttled {
  seen = false;
}

/** Tokens kept in hand, so requests that reach AWS closer together than they left still pass. */
const MARGIN = 0.5;
const SLOWDOWN = 0.8;
const RECOVERY = 0.02;

export class Pacer {
  private tokens: number;
  private at: number;
  private rate: number;
  /** Requests let through `ready` that have not yet been sent (each holds one token in reserve). */
  private claimed = 0;
  private readonly waiting = new PriorityQueue<() => void>();
  private timer: NodeJS.Timeout | undefined;
  /** When the pacer last slowed down for a throttle. */
  private lastCut = Number.NEGATIVE_INFINITY;

  /**
   * Without `learn`, the service enforces this quota (AWS's defaults, or the target's `aws.quotas`): pace
   * from the first request. With it, send freely (still counting the tokens spent) until the service has
   * throttled, here or in another partition sharing `learn`; then pace, with `quota` as the guess.
   */
  constructor(
    private readonly quota: Quota,
    private readonly now: () => number = () => performance.now(),
    private readonly learn?: Throttled,
  ) {
    this.tokens = quota.burst - MARGIN;
    this.at = this.now();
    this.rate = quota.perSecond;
  }

  /** Whether requests are held back: from the start when the quota is known, else once it throttled. */
  get pacing(): boolean {
    return !this.learn || this.learn.seen;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.quota.burst - MARGIN, this.tokens + ((t - this.at) / 1000) * this.rate);
    this.at = t;
  }

  private free(): boolean {
    return this.tokens - this.claimed >= 1;
  }

  /**
   * Resolves when a token is set aside for the caller, who must then call `send` once, right before the
   * request leaves (after waiting for a concurrency slot). The token is spent only then, so time spent in
   * other queues is not counted as time the bucket refilled. Higher priorities are served first. Resolves
   * to whether a token was set aside (none is while the pacer is not pacing yet): pass it to `send`.
   */
  ready(priority = 0): Promise<boolean> {
    if (!this.pacing) return Promise.resolve(false);
    this.refill();
    if (this.waiting.size === 0 && this.free()) {
      this.claimed++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(true), priority);
      this.schedule();
    });
  }

  /**
   * The request leaves now: spend its token (`claimed`: whether `ready` set one aside for it). Returns the
   * time it left, for `throttled`.
   */
  send(claimed = true): number {
    if (claimed) this.claimed = Math.max(0, this.claimed - 1);
    this.refill();
    this.tokens -= 1;
    return this.at;
  }

  private schedule(): void {
    if (this.timer || this.waiting.size === 0) return;
    const wait = Math.max(1, ((1 + this.claimed - this.tokens) / this.rate) * 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      while (this.waiting.size > 0 && this.free()) {
        this.claimed++;
        this.waiting.shift()?.();
      }
      this.schedule();
    }, Math.ceil(wait));
  }

  /** Whole seconds of requests queued here beyond what the bucket holds: how far this bucket is behind. */
  backlogSeconds(): number {
    if (!this.pacing) return 0;
    this.refill();
    return Math.max(0, Math.floor((this.waiting.size + this.claimed - this.tokens) / this.rate));
  }

  /**
   * AWS refused a request (sent at `sentAt`) for its rate: its bucket is empty now, and perhaps smaller
   * than assumed. Requests that left before the last such refusal found the same empty bucket: they
   * count once, or a burst of refusals would stall the pacer for nothing. A pacer that was not pacing
   * starts to, from an empty bucket, and so do the service's pacers in other partitions.
   */
  throttled(sentAt = Number.POSITIVE_INFINITY): void {
    // Before its first throttle a learning pacer only counted what it sent, refused requests too (which
    // take no token): a refusal shows its bucket is empty now, whatever it counted.
    const first = this.lastCut === Number.NEGATIVE_INFINITY && this.learn !== undefined;
    if (this.learn) this.learn.seen = true;
    if (sentAt <= this.lastCut) return;
    this.refill();
    this.lastCut = this.at;
    this.tokens = (first ? 0 : Math.min(this.tokens, 0)) - MARGIN;
    this.rate = Math.max(this.quota.perSecond / 20, this.rate * SLOWDOWN);
  }

  /** AWS accepted a request: win back some of the rate lost to throttling. */
  accepted(): void {
    if (this.rate < this.quota.perSecond)
      this.rate = Math.min(this.quota.perSecond, this.rate + this.quota.perSecond * RECOVERY);
  }
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return Boolean(e && (THROTTLING.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429));
}

/**
 * How urgent a request is, for the run's concurrency queue. STS gates a whole partition. AWS Backup's
 * lists come next: Backup's bucket is the small one, so the calls its lists reveal (a Get per plan,
 * selection and vault) are what makes a partition rate-bound, and they should start pacing early. Then
 * RDS pages, which form sequential chains, then per-item calls. A paced request gets one more level per
 * second of backlog its bucket has, so the partition that is furthest behind is never left waiting.
 */
export function priorityOf(service: string, command: string): number {
  if (service === 'sts') return 4;
  const list =
    command.startsWith('List') || (command.startsWith('Describe') && !command.endsWith('Attributes'));
  if (list) return service === 'backup' ? 3 : 2;
  return 1;
}
