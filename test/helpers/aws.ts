// Test helpers for the AWS collector and the simulator: static test keys (never ~/.aws), a target
// pointed at a running simulator, collect options, and counting of the simulator's request log.
import type { CollectOptions } from '../../src/collect/types.js';
import type { ResolvedTarget, Target } from '../../src/config/schema.js';
import type { Estate, RegionEstate } from '../../src/sim/estate.js';
import type { SimRequest, Simulator } from '../../src/sim/index.js';

export const NOW = new Date('2026-11-29T12:00:00.000Z');
export const A = '111111111111';
export const B = '222222222222';
export const KEY_A = 'AKIATESTACCOUNTA0001';
export const KEY_B = 'AKIATESTACCOUNTB0001';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYTESTSECRETKEY';

/** Credentials as the collector reads them from its env option. */
export function env(accessKeyId = KEY_A): NodeJS.ProcessEnv {
  return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: SECRET };
}

export function options(over: Partial<CollectOptions> = {}): CollectOptions {
  return { concurrency: 8, timeoutMs: 2000, now: NOW, env: env(), ...over };
}

export function target(sim: Simulator, aws: Partial<NonNullable<Target['aws']>> = {}): ResolvedTarget {
  return {
    name: 'acme-test',
    stage: 'production-enterprise',
    aws: { regions: ['eu-west-2'], endpoint: sim.url, accounts: [{ id: A }], ...aws },
  };
}

/** An estate with test users in accounts A and B (B also reachable by role from A). */
export function estate(
  regionsA: Record<string, RegionEstate>,
  regionsB: Record<string, RegionEstate> = {},
): Estate {
  return {
    users: [
      { accessKeyId: KEY_A, account: A, name: 'ci' },
      { accessKeyId: KEY_B, account: B, name: 'ci' },
    ],
    accounts: {
      [A]: { roles: [{ name: 'reader' }], regions: regionsA },
      [B]: { roles: [{ name: 'reader', externalId: 'acme-ext' }], regions: regionsB },
    },
  };
}

/** Requests per "service:Operation" in the simulator's log (optionally only some of them). */
export function countOps(requests: SimRequest[], keep: (r: SimRequest) => boolean = () => true) {
  const out: Record<string, number> = {};
  for (const r of requests.filter(keep)) {
    const op = `${r.service}:${r.operation}`;
    out[op] = (out[op] ?? 0) + 1;
  }
  return out;
}

/** Calls as the collector counted them, without the retries:* keys. */
export function logicalCalls(calls: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(calls).filter(([k]) => !k.startsWith('retries:')));
}

/** The most requests the simulator had in flight at once. */
export function maxInFlight(requests: SimRequest[]): number {
  const edges = requests.flatMap((r) => [
    [r.at, 1],
    [r.finishedAt ?? Number.POSITIVE_INFINITY, -1],
  ]);
  edges.sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number));
  let now = 0;
  let max = 0;
  for (const [, d] of edges) {
    now += d as number;
    max = Math.max(max, now);
  }
  return max;
}

export const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
