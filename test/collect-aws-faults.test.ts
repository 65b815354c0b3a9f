// Faults: each kind injected in one (service, operation, account, region) becomes a FactError for exactly
// the facts built on that call, in that partition, with the right operation and code; everything else is
// still read, and the run ends in bounded time (small timeouts).
import { afterEach, describe, expect, it } from 'vitest';
import { collectAws } from '../src/collect/aws/index.js';
import type { FaultRule } from '../src/sim/faults.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import type { FactName } from '../src/snapshot/facts.js';
import { A, B, estate, NOW, options, target } from './helpers/aws.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const region = (tag: string) => ({
  instances: [{ id: `db-${tag}` }],
  backupPlans: [{ name: `plan-${tag}`, rules: [] }],
  vaults: [
    {
      name: `vault-${tag}`,
      recoveryPoints: [{ resource: `arn:aws:rds:x:1:db:db-${tag}`, createdAt: '-1h' }],
    },
  ],
  restoreJobs: [],
});
const FACTS: FactName[] = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.backup.plans',
  'aws.backup.vaults',
  'aws.backup.recoveryPoints',
  'aws.backup.restoreJobs',
];
const ROLE_B = { id: B, roleArn: `arn:aws:iam::${B}:role/reader`, externalId: 'acme-ext' };

async function run(faults: FaultRule[], timeoutMs = 500, rateLimits = undefined as never) {
  sim = await startSimulator({
    estate: estate(
      { 'eu-west-2': region('a2'), 'eu-west-1': region('a1') },
      { 'eu-west-2': region('b2'), 'eu-west-1': region('b1') },
    ),
    faults,
    rateLimits,
    now: NOW,
  });
  const started = Date.now();
  const res = await collectAws(
    target(sim, { regions: ['eu-west-2', 'eu-west-1'], accounts: [{ id: A }, ROLE_B] }),
    FACTS,
    options({ timeoutMs }),
  );
  return { res, ms: Date.now() - started };
}

/** Every fact must hold the items of every partition, except the failed (fact, account, region) pairs. */
function expectComplete(res: Awaited<ReturnType<typeof run>>['res'], failed: [FactName, string, string][]) {
  const down = new Set(failed.map((f) => f.join('/')));
  for (const fact of FACTS) {
    if (fact === 'aws.rds.clusters' || fact === 'aws.backup.restoreJobs') continue; // empty in this estate
    const have = new Set(
      (res.facts[fact] as { account: string; region: string }[]).map((i) => `${i.account}/${i.region}`),
    );
    for (const account of [A, B]) {
      for (const reg of ['eu-west-2', 'eu-west-1']) {
        expect(have.has(`${account}/${reg}`), `${fact} ${account}/${reg}`).toBe(
          !down.has(`${fact}/${account}/${reg}`),
        );
      }
    }
  }
}

const where = { account: B, region: 'eu-west-1' };

describe('aws collector faults', () => {
  const cases: [string, FaultRule, string][] = [
    [
      'access denied (RDS)',
      { kind: 'accessDenied', service: 'rds', operation: 'DescribeDBInstances', ...where },
      'AccessDenied',
    ],
    [
      'access denied (Backup)',
      { kind: 'accessDenied', service: 'backup', operation: 'ListBackupPlans', ...where },
      'AccessDeniedException',
    ],
    [
      'throttling beyond retries',
      { kind: 'throttle', service: 'rds', operation: 'DescribeDBInstances', ...where },
      'Throttling',
    ],
    [
      '5xx with an HTML body',
      { kind: 'serverError', service: 'backup', operation: 'ListBackupPlans', ...where },
      'Http503',
    ],
    [
      'an operation the endpoint lacks (404, HTML: RDS)',
      { kind: 'unimplemented', service: 'rds', operation: 'DescribeDBInstances', ...where },
      'Http404',
    ],
    [
      'an operation the endpoint lacks (404, HTML: Backup)',
      { kind: 'unimplemented', service: 'backup', operation: 'ListBackupPlans', ...where },
      'Http404',
    ],
    [
      'a hung endpoint',
      { kind: 'hang', service: 'rds', operation: 'DescribeDBInstances', ...where },
      'Timeout',
    ],
    [
      'a malformed body (XML)',
      { kind: 'malformed', service: 'rds', operation: 'DescribeDBInstances', ...where },
      'MalformedResponse',
    ],
    [
      'a malformed body (JSON)',
      { kind: 'malformed', service: 'backup', operation: 'ListBackupPlans', ...where },
      'MalformedResponse',
    ],
    [
      'an expired token',
      { kind: 'expiredToken', service: 'backup', operation: 'ListBackupPlans', ...where },
      'ExpiredTokenException',
    ],
  ];
  for (const [name, fault, code] of cases) {
    it(`${name} → ${code} for that fact in that partition only`, async () => {
      const { res, ms } = await run([fault]);
      const fact: FactName = fault.service === 'rds' ? 'aws.rds.instances' : 'aws.backup.plans';
      expect(res.errors).toEqual([
        expect.objectContaining({
          fact,
          source: 'aws',
          operation: `${fault.service}:${fault.operation}`,
          ...where,
          code,
        }),
      ]);
      expectComplete(res, [[fact, B, 'eu-west-1']]);
      expect(ms).toBeLessThan(15_000);
      console.info(`${name}: ${code} in ${ms} ms`);
    });
  }

  it('a failed shared list fails every fact built on it (vaults → recovery points)', async () => {
    const { res } = await run([
      { kind: 'accessDenied', service: 'backup', operation: 'ListBackupVaults', ...where },
    ]);
    expect(res.errors.map((e) => [e.fact, e.operation, e.code]).sort()).toEqual([
      ['aws.backup.recoveryPoints', 'backup:ListBackupVaults', 'AccessDeniedException'],
      ['aws.backup.vaults', 'backup:ListBackupVaults', 'AccessDeniedException'],
    ]);
    expectComplete(res, [
      ['aws.backup.vaults', B, 'eu-west-1'],
      ['aws.backup.recoveryPoints', B, 'eu-west-1'],
    ]);
    expect(
      sim?.requests.filter(
        (r) => r.operation === 'ListBackupVaults' && r.account === B && r.region === 'eu-west-1',
      ),
    ).toHaveLength(1);
  });

  it('a call failing per item (GetBackupPlan) fails that fact in that partition', async () => {
    const { res } = await run([
      { kind: 'malformed', service: 'backup', operation: 'GetBackupPlan', account: A, region: 'eu-west-2' },
    ]);
    expect(res.errors).toEqual([
      expect.objectContaining({
        fact: 'aws.backup.plans',
        operation: 'backup:GetBackupPlan',
        account: A,
        region: 'eu-west-2',
        code: 'MalformedResponse',
      }),
    ]);
    expectComplete(res, [['aws.backup.plans', A, 'eu-west-2']]);
  });

  it('a transient throttle is retried (adaptive) and the read completes', async () => {
    const { res } = await run([
      { kind: 'throttle', service: 'rds', operation: 'DescribeDBInstances', times: 1 },
    ]);
    expect(res.errors).toEqual([]);
    expect(res.calls['retries:rds:DescribeDBInstances']).toBe(1);
    expect(res.calls['rds:DescribeDBInstances']).toBe(4);
    expectComplete(res, []);
  });

  it('a per (account, region, service) rate limit slows the read down but it completes', async () => {
    const { res, ms } = await run([], 2000, [
      { service: 'backup', account: A, region: 'eu-west-2', perSecond: 10, burst: 3 },
    ] as never);
    expect(res.errors).toEqual([]);
    expect(sim?.requests.some((r) => r.fault === 'rateLimit')).toBe(true);
    expect(Object.keys(res.calls).some((k) => k.startsWith('retries:backup:'))).toBe(true);
    expectComplete(res, []);
    console.info(
      `rate limited: ${ms} ms, ${sim?.requests.filter((r) => r.fault === 'rateLimit').length} throttled`,
    );
  });

  it('STS failing for one partition fails every requested fact there', async () => {
    const { res } = await run([
      { kind: 'accessDenied', service: 'sts', operation: 'GetCallerIdentity', ...where },
    ]);
    expect(res.errors.map((e) => [e.fact, e.account, e.region, e.operation, e.code])).toEqual(
      FACTS.map((f) => [f, B, 'eu-west-1', 'sts:GetCallerIdentity', 'AccessDenied']),
    );
    expect(res.facts['aws.identity']).toHaveLength(3);
  });

  it('an unreachable endpoint fails every fact in bounded time', async () => {
    const started = Date.now();
    const res = await collectAws(
      {
        name: 't',
        stage: 'public-demo',
        aws: { regions: ['eu-west-2'], endpoint: 'http://127.0.0.1:9', accounts: [{ id: A }] },
      },
      ['aws.rds.instances', 'aws.backup.plans'],
      options({ timeoutMs: 500 }),
    );
    expect(res.errors.map((e) => [e.fact, e.operation, e.code])).toEqual([
      ['aws.rds.instances', 'sts:GetCallerIdentity', 'EndpointUnreachable'],
      ['aws.backup.plans', 'sts:GetCallerIdentity', 'EndpointUnreachable'],
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
