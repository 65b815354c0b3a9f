// The pacer keeps requests within an AWS token bucket (burst, then the sustained rate), serves waiting
// requests by priority, slows down when AWS throttles anyway, and a collection against a stricter limit
// than the pacer assumes still completes. Behind an endpoint override with no configured quota it holds
// nothing back until the service throttles. The concurrency queue also serves by priority.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectAws } from '../src/collect/aws/index.js';
import { Pacer, priorityOf, QUOTAS, quotaOf, Throttled } from '../src/collect/aws/pace.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import { createLimit, PriorityQueue } from '../src/util/limit.js';
import { A, estate, NOW, options, target } from './helpers/aws.js';

let sim: Simulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await sim?.close();
  sim = undefined;
});

/** A pacer on a hand-driven clock; `sent` records (time, label) as requests are let through and sent. */
function paced(burst: number, perSecond: number, learn?: Throttled) {
  vi.useFakeTimers();
  let clock = 0;
  const pacer = new Pacer({ burst, perSecond }, () => clock, learn);
  const sent: [number, string][] = [];
  const request = (label: string, priority = 0) =>
    pacer.ready(priority).then((claimed) => {
      pacer.send(claimed);
      sent.push([clock, label]);
    });
  const advance = async (ms: number) => {
    for (let i = 0; i < ms; i++) {
      clock++;
      await vi.advanceTimersByTimeAsync(1);
    }
  };
  return { pacer, sent, request, advance };
}

describe('pacer', () => {
  it('lets a burst through at once (less a margin), then one request per 1/rate', async () => {
    const { sent, request, advance } = paced(5, 10);
    for (let i = 0; i < 8; i++) void request(`r${i}`);
    await advance(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map(([, l]) => l)).toEqual(['r0', 'r1', 'r2', 'r3']); // 4.5 tokens in hand
    await advance(350);
    expect(sent.map(([t]) => t)).toEqual([0, 0, 0, 0, 50, 150, 250, 350]);
  });

  it('serves waiting requests by priority, in order within one priority', async () => {
    const { sent, request, advance } = paced(1.5, 10);
    void request('first');
    await vi.advanceTimersByTimeAsync(0);
    void request('item-1', 1);
    void request('item-2', 1);
    void request('page', 2);
    await advance(400);
    expect(sent.map(([, l]) => l)).toEqual(['first', 'page', 'item-1', 'item-2']);
  });

  it('after a throttle, takes the bucket as empty and slows down', async () => {
    const { pacer, sent, request, advance } = paced(10, 10);
    pacer.throttled();
    for (let i = 0; i < 3; i++) void request(`r${i}`);
    await advance(600);
    const times = sent.map(([t]) => t);
    expect(times[0]).toBeGreaterThanOrEqual(150); // an empty bucket (less the margin) at 8 a second
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(120);
    expect(pacer.backlogSeconds()).toBe(0);
  });

  it('counts refusals of requests sent before the last slow-down once', async () => {
    const { pacer, sent, request, advance } = paced(10, 10);
    const early = [pacer.send(), pacer.send(), pacer.send()];
    await advance(10);
    for (const at of early) pacer.throttled(at); // one episode: three answers to one burst
    void request('next');
    await advance(200);
    // One slow-down (to 8 a second) from an empty bucket less the margin: 1.5 tokens take 187.5 ms.
    expect(sent).toEqual([[198, 'next']]);
  });

  it('with a quota not known to be enforced, holds nothing back until the first throttle', async () => {
    const { pacer, sent, request, advance } = paced(2, 1, new Throttled());
    for (let i = 0; i < 10; i++) void request(`free-${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map(([t]) => t)).toEqual(Array(10).fill(0)); // ten at once against a burst of 2
    expect(pacer.backlogSeconds()).toBe(0);
    pacer.throttled(0);
    for (let i = 0; i < 2; i++) void request(`paced-${i}`);
    await advance(5000);
    // From then on it paces: an empty bucket less the margin, at 0.8 a second (the quota, slowed by a fifth).
    expect(sent.slice(10)).toEqual([
      [1875, 'paced-0'],
      [3125, 'paced-1'],
    ]);
  });

  it('a request let through before pacing began takes no token set aside for another', async () => {
    const { pacer, sent, request, advance } = paced(3, 1, new Throttled());
    const early = await pacer.ready(); // not pacing: nothing set aside
    expect(early).toBe(false);
    pacer.throttled(0);
    await advance(2000); // from -0.5 at 0.8 a second: 1.1 tokens
    const other = await pacer.ready(); // sets one aside, not sent yet
    expect(other).toBe(true);
    pacer.send(early); // the early request leaves, spending a token but no one else's claim: 0.1 left
    await advance(1200); // 1.06 tokens, one of them set aside for `other`
    void request('third');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([]);
    pacer.send(other);
    await advance(2000);
    expect(sent.map(([, l]) => l)).toEqual(['third']);
  });

  it("a throttle in one partition makes the service's pacers in the others pace, counting what they sent", async () => {
    const learn = new Throttled();
    const a = paced(5, 10, learn);
    let clock = 0;
    const b = new Pacer({ burst: 5, perSecond: 10 }, () => clock, learn);
    for (let i = 0; i < 10; i++) b.send(await b.ready()); // not pacing: ten at once, 4.5 - 10 tokens left
    a.pacer.throttled();
    let at: number | undefined;
    void b.ready().then(() => {
      at = clock;
    });
    for (; clock < 1000 && at === undefined; clock++) await vi.advanceTimersByTimeAsync(1);
    expect(at).toBe(650); // from -5.5 tokens at 10 a second: one whole token after 650 ms
  });

  it("paces AWS from the first request, and an endpoint's services only with a configured quota", () => {
    expect(quotaOf({}, 'backup')).toEqual({ quota: QUOTAS.backup, known: true });
    expect(quotaOf(undefined, 'rds')).toEqual({ quota: QUOTAS.rds, known: true });
    const endpoint = 'http://127.0.0.1:4566';
    expect(quotaOf({ endpoint }, 'backup')).toEqual({ quota: QUOTAS.backup, known: false });
    const quotas = { backup: { burst: 4, perSecond: 8 } };
    expect(quotaOf({ endpoint, quotas }, 'backup')).toEqual({ quota: quotas.backup, known: true });
    expect(quotaOf({ endpoint, quotas }, 'rds')).toEqual({ quota: QUOTAS.rds, known: false });
    expect(quotaOf({ quotas }, 'backup')).toEqual({ quota: quotas.backup, known: true });
    // An override that is AWS itself keeps AWS's quotas; a look-alike host does not.
    for (const aws of [
      'https://rds.eu-west-2.amazonaws.com',
      'https://backup-fips.us-east-1.amazonaws.com:443/',
    ])
      expect(quotaOf({ endpoint: aws }, 'backup').known, aws).toBe(true);
    expect(quotaOf({ endpoint: 'https://rds.cn-north-1.amazonaws.com.cn' }, 'rds').known).toBe(true);
    for (const other of ['http://amazonaws.com.evil.example', 'http://notamazonaws.com', 'not a url'])
      expect(quotaOf({ endpoint: other }, 'backup').known, other).toBe(false);
  });

  it('ranks STS, then Backup lists, then RDS pages, then per-item calls', () => {
    expect(priorityOf('sts', 'GetCallerIdentity')).toBeGreaterThan(priorityOf('backup', 'ListBackupPlans'));
    expect(priorityOf('backup', 'ListBackupPlans')).toBeGreaterThan(priorityOf('rds', 'DescribeDBInstances'));
    expect(priorityOf('rds', 'DescribeDBInstances')).toBeGreaterThan(priorityOf('backup', 'GetBackupPlan'));
    expect(priorityOf('rds', 'DescribeDBSnapshotAttributes')).toBe(
      priorityOf('backup', 'GetBackupSelection'),
    );
  });
});

describe('limit', () => {
  it('PriorityQueue serves the highest priority first, in order within one, over many pushes and shifts', () => {
    const q = new PriorityQueue<number>();
    const model: { item: number; priority: number }[] = [];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 5000; step++) {
      if (rand(3) < 2) {
        const priority = rand(40) - 20;
        q.push(step, priority);
        model.push({ item: step, priority });
      } else {
        let best = -1;
        for (let i = 0; i < model.length; i++)
          if (
            best < 0 ||
            (model[i] as { priority: number }).priority > (model[best] as { priority: number }).priority
          )
            best = i;
        const expected = best < 0 ? undefined : model.splice(best, 1)[0]?.item;
        expect(q.shift()).toBe(expected);
      }
      expect(q.size).toBe(model.length);
    }
  });

  it('lets higher priorities pass waiting tasks, in order within a priority', async () => {
    const limit = createLimit(1);
    const order: string[] = [];
    let release: () => void = () => {};
    const first = limit(() => new Promise<void>((r) => (release = r)));
    const tasks = [
      limit(async () => void order.push('low-1'), 1),
      limit(async () => void order.push('low-2'), 1),
      limit(async () => void order.push('high'), 3),
    ];
    release();
    await Promise.all([first, ...tasks]);
    expect(order).toEqual(['high', 'low-1', 'low-2']);
  });
});

/** Twelve backup plans with a selection each in one partition, served with Backup limited to 4 and 8/s. */
async function limitedSim() {
  return startSimulator({
    estate: estate({
      'eu-west-2': {
        backupPlans: Array.from({ length: 12 }, (_, i) => ({
          name: `p${i}`,
          rules: [],
          selections: [{ name: 's', resources: ['*'] }],
        })),
      },
    }),
    rateLimits: [{ service: 'backup', perSecond: 8, burst: 4 }],
    now: NOW,
  });
}

async function collectPlans(
  quotas?: NonNullable<Parameters<typeof target>[1]>['quotas'],
  concurrency?: number,
) {
  sim = await limitedSim();
  const res = await collectAws(
    target(sim, { accounts: [{ id: A }], ...(quotas ? { quotas } : {}) }),
    ['aws.backup.plans', 'aws.backup.selections'],
    options({ timeoutMs: 5000, ...(concurrency ? { concurrency } : {}) }),
  );
  expect(res.errors).toEqual([]);
  expect(res.facts['aws.backup.selections']).toHaveLength(12);
  return sim.requests.filter((r) => r.fault === 'rateLimit').length;
}

describe('collection against a rate-limited service', () => {
  it('with a looser quota configured than enforced: completes, retrying, and the pacer slows down', async () => {
    expect(QUOTAS.backup?.burst).toBeGreaterThan(4);
    const throttled = await collectPlans({ backup: QUOTAS.backup as { burst: number; perSecond: number } });
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThan(25); // 37 calls: the pacer learns, it does not hammer
  });

  it('behind an endpoint with no quota configured: completes, throttled a bounded number of times', async () => {
    const throttled = await collectPlans();
    expect(throttled).toBeGreaterThan(0); // nothing held back at first
    expect(throttled).toBeLessThan(25);
  });

  it('requests let through before the first throttle, still waiting for a slot, wait for the pacer', async () => {
    // One slot: the calls queue for it unpaced, and the first throttle comes while most still wait. Sent
    // as they get the slot, they would mostly be refused (23 of 37 when measured); paced, a few are.
    const throttled = await collectPlans(undefined, 1);
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThanOrEqual(8);
  });

  it('with the quota the service enforces configured: paced from the start, never throttled', async () => {
    expect(await collectPlans({ backup: { burst: 4, perSecond: 8 } })).toBe(0);
  });
});
