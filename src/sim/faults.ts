// Fault injection for the simulator: rules matched by service, operation, account and region, and
// per (account, region, service) rate limits kept as token buckets, so tests can make AWS slow, stingy,
// broken or silent in exactly one place and check that everything else still completes.
import type { Service } from './common.js';

export type FaultKind =
  | 'latency' // answer normally, after latencyMs
  | 'throttle' // ThrottlingException / Throttling
  | 'accessDenied' // AccessDenied / AccessDeniedException
  | 'serverError' // 503 with an HTML body, as a load balancer sends it
  | 'unimplemented' // 404 with an HTML page, as moto or LocalStack answer an operation they lack
  | 'hang' // never answer
  | 'malformed' // 200 with a truncated body
  | 'expiredToken'; // ExpiredToken / ExpiredTokenException

export interface Match {
  service?: Service;
  /** Operation name, e.g. DescribeDBInstances. */
  operation?: string;
  account?: string;
  region?: string;
}

export interface FaultRule extends Match {
  kind: FaultKind;
  /** For latency: how long to wait before answering. */
  latencyMs?: number;
  /** Apply to the first n matching requests only; default every one. */
  times?: number;
  /** Error faults: echo the request's Authorization and X-Amz-Security-Token headers in the message. */
  echo?: boolean;
}

export interface RateLimit extends Match {
  /** Sustained requests per second per (account, region, service). */
  perSecond: number;
  /** Bucket size; default perSecond. */
  burst?: number;
}

export interface RequestKey {
  service: Service;
  operation: string;
  account: string;
  region: string;
}

function matches(m: Match, k: RequestKey): boolean {
  return (
    (m.service === undefined || m.service === k.service) &&
    (m.operation === undefined || m.operation === k.operation) &&
    (m.account === undefined || m.account === k.account) &&
    (m.region === undefined || m.region === k.region)
  );
}

export class Faults {
  private rules: { rule: FaultRule; used: number }[] = [];
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    rules: readonly FaultRule[] = [],
    private readonly rateLimits: readonly RateLimit[] = [],
  ) {
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, used: 0 }));
  }

  /** Latency to add, and the first non-latency fault that applies (consuming one of its `times`). */
  pick(k: RequestKey): { latencyMs: number; fault?: FaultKind; echo?: boolean } {
    let latencyMs = 0;
    let fault: FaultRule | undefined;
    for (const r of this.rules) {
      if (!matches(r.rule, k) || (r.rule.times !== undefined && r.used >= r.rule.times)) continue;
      if (r.rule.kind === 'latency') {
        r.used++;
        latencyMs += r.rule.latencyMs ?? 0;
      } else if (!fault) {
        r.used++;
        fault = r.rule;
      }
    }
    if (!fault) return { latencyMs };
    return fault.echo ? { latencyMs, fault: fault.kind, echo: true } : { latencyMs, fault: fault.kind };
  }

  /** False when the request exceeds a rate limit (and should be throttled). */
  admit(k: RequestKey, now = Date.now()): boolean {
    for (const [i, limit] of this.rateLimits.entries()) {
      if (!matches(limit, k)) continue;
      const key = `${i}/${k.account}/${k.region}/${k.service}`;
      const burst = limit.burst ?? limit.perSecond;
      const b = this.buckets.get(key) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
      b.at = now;
      this.buckets.set(key, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
    }
    return true;
  }
}
