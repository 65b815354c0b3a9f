// The AWS collector against the simulator through the real SDK clients: the facts it produces, pagination
// with the largest pages, exactly the minimum number of calls, two accounts (one through an assumed role
// with an external id), two regions, the concurrency bound, and the credential failures.

import { afterEach, describe, expect, it } from 'vitest';
import { scrub } from '../src/collect/aws/errors.js';
import { AWS_FACTS, awsCollector, collectAws } from '../src/collect/aws/index.js';
import type { RegionEstate } from '../src/sim/estate.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import { FACT_SCHEMAS } from '../src/snapshot/facts.js';
import { createLimit } from '../src/util/limit.js';
import { Type } from '../src/util/typebox.js';
import { Value } from '../src/util/typebox-value.js';
import {
  A,
  B,
  countOps,
  estate,
  KEY_A,
  logicalCalls,
  maxInFlight,
  NOW,
  options,
  pages,
  SECRET,
  target,
} from './helpers/aws.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const ROLE_B = { id: B, roleArn: `arn:aws:iam::${B}:role/reader`, externalId: 'acme-ext' };

const small: RegionEstate = {
  instances: [
    {
      id: 'core',
      backupRetentionDays: 35,
      tags: { tenant: 'acme' },
      backupReplicationRegions: ['eu-west-1'],
    },
    { id: 'replica', readReplicaSourceId: 'core', backupRetentionDays: 0 },
    { id: 'orders-1', clusterId: 'orders' },
  ],
  clusters: [{ id: 'orders', backupRetentionDays: 14, members: [{ id: 'orders-1', writer: true }] }],
  snapshots: [
    { id: 'rds:core-auto', sourceId: 'core', type: 'automated' },
    { id: 'core-export', sourceId: 'core', sharedWith: ['all'] },
    { id: 'orders-manual', kind: 'cluster', sourceId: 'orders', sharedWith: ['999999999999'] },
  ],
  pendingMaintenance: [{ resource: 'core', actions: [{ action: 'db-upgrade', forcedApplyDate: '+10d' }] }],
  backupPlans: [
    {
      name: 'hourly',
      rules: [
        {
          name: 'h',
          vault: 'main',
          schedule: 'cron(0 * ? * * *)',
          continuousBackup: true,
          lifecycle: { deleteAfterDays: 35 },
          copyActions: [{ destinationVaultArn: `arn:aws:backup:us-east-1:${A}:backup-vault:dr` }],
        },
      ],
      advancedBackupSettings: [{ resourceType: 'EC2', backupOptions: { WindowsVSS: 'enabled' } }],
      selections: [
        {
          name: 'tagged',
          resources: [`arn:aws:rds:eu-west-2:${A}:db:*`],
          notResources: [`arn:aws:rds:eu-west-2:${A}:db:replica`],
          listOfTags: [{ key: 'backup', value: 'yes' }],
          conditions: { stringLike: [{ key: 'aws:ResourceTag/tenant', value: 'ac*' }] },
        },
      ],
    },
  ],
  vaults: [
    {
      name: 'main',
      encryptionKeyArn: `arn:aws:kms:eu-west-2:${A}:key/k1`,
      locked: true,
      minRetentionDays: 7,
      accessPolicy: { Version: '2012-10-17', Statement: [] },
      recoveryPoints: [
        {
          id: 'rp-core',
          resource: `arn:aws:rds:eu-west-2:${A}:db:core`,
          createdAt: '-2h',
          backupPlan: 'hourly',
        },
        { resource: `arn:aws:rds:eu-west-2:${A}:cluster:orders`, createdAt: '-1h', continuous: true },
      ],
    },
    { name: 'plain' },
  ],
  restoreTestingPlans: [
    {
      name: 'rtp',
      selections: [
        { name: 'core', resourceArns: [`arn:aws:rds:eu-west-2:${A}:db:core`], validationWindowHours: 2 },
      ],
    },
  ],
  restoreJobs: [
    {
      id: 'recent',
      recoveryPoint: 'rp-core',
      restoreTestingPlan: 'rtp',
      validationStatus: 'SUCCESSFUL',
      createdAt: '-1d',
    },
    { id: 'old', recoveryPoint: 'rp-core', createdAt: '-40d' },
  ],
};

describe('aws collector', () => {
  it('reads every AWS fact, with the fields the checks use', async () => {
    sim = await startSimulator({ estate: estate({ 'eu-west-2': small, 'eu-west-1': {} }), now: NOW });
    const res = await awsCollector.collect(
      target(sim, { regions: ['eu-west-2', 'eu-west-1'] }),
      [...AWS_FACTS],
      options({ needs: { restoreJobWindowDays: 30 } }),
    );
    expect(res.errors).toEqual([]);
    const f = res.facts;
    for (const fact of AWS_FACTS) {
      const schema = Type.Array(FACT_SCHEMAS[fact]);
      expect(Value.Check(schema, f[fact]), fact).toBe(true);
      // Nothing outside the schema (bundles are cleaned with Value.Clean), nothing undefined.
      expect(Value.Clean(schema, structuredClone(f[fact])), fact).toEqual(f[fact]);
      expect(JSON.parse(JSON.stringify(f[fact])), fact).toEqual(f[fact]);
    }
    expect(f['aws.identity']).toEqual([
      {
        account: A,
        arn: `arn:aws:iam::${A}:user/ci`,
        userId: expect.stringMatching(/^AIDA/),
        region: 'eu-west-1',
      },
      {
        account: A,
        arn: `arn:aws:iam::${A}:user/ci`,
        userId: expect.stringMatching(/^AIDA/),
        region: 'eu-west-2',
      },
    ]);
    expect(f['aws.rds.instances']?.find((i) => i.id === 'core')).toMatchObject({
      account: A,
      region: 'eu-west-2',
      arn: `arn:aws:rds:eu-west-2:${A}:db:core`,
      backupRetentionDays: 35,
      readReplicaIds: ['replica'],
      automatedBackupReplications: [expect.stringMatching(/^arn:aws:rds:eu-west-1:/)],
      tags: { tenant: 'acme' },
    });
    expect(f['aws.rds.instances']?.find((i) => i.id === 'replica')?.readReplicaSourceId).toBe('core');
    expect(f['aws.rds.clusters']).toMatchObject([
      { id: 'orders', backupRetentionDays: 14, members: [{ id: 'orders-1', writer: true }] },
    ]);
    expect(f['aws.rds.snapshots']?.map((s) => [s.id, s.kind, s.snapshotType])).toEqual([
      ['orders-manual', 'cluster', 'manual'],
      ['core-export', 'instance', 'manual'],
      ['rds:core-auto', 'instance', 'automated'],
    ]);
    expect(
      f['aws.rds.snapshotAttributes']?.map((a) => [a.snapshotArn.split(':').pop(), a.restoreAccounts]),
    ).toEqual([
      ['orders-manual', ['999999999999']],
      ['core-export', ['all']],
    ]);
    expect(
      f['aws.rds.automatedBackups']?.map((b) => [b.region, b.sourceRegion, b.replicated, b.status]),
    ).toEqual([
      ['eu-west-1', 'eu-west-2', true, 'replicating'],
      ['eu-west-2', 'eu-west-2', false, 'active'],
    ]);
    expect(f['aws.rds.pendingMaintenance']).toMatchObject([
      {
        resourceArn: `arn:aws:rds:eu-west-2:${A}:db:core`,
        actions: [{ action: 'db-upgrade', forcedApplyDate: '2026-12-09T12:00:00.000Z' }],
      },
    ]);
    expect(f['aws.backup.plans']).toMatchObject([
      {
        name: 'hourly',
        rules: [
          {
            schedule: 'cron(0 * ? * * *)',
            continuousBackup: true,
            lifecycle: { deleteAfterDays: 35 },
            copyActions: [{ destinationVaultArn: `arn:aws:backup:us-east-1:${A}:backup-vault:dr` }],
          },
        ],
        advancedBackupSettings: [{ resourceType: 'EC2', backupOptions: { WindowsVSS: 'enabled' } }],
      },
    ]);
    expect(f['aws.backup.selections']).toMatchObject([
      {
        planId: f['aws.backup.plans']?.[0]?.id,
        name: 'tagged',
        resources: [`arn:aws:rds:eu-west-2:${A}:db:*`],
        notResources: [`arn:aws:rds:eu-west-2:${A}:db:replica`],
        listOfTags: [{ type: 'STRINGEQUALS', key: 'backup', value: 'yes' }],
        conditions: { stringEquals: [], stringLike: [{ key: 'aws:ResourceTag/tenant', value: 'ac*' }] },
      },
    ]);
    expect(
      f['aws.backup.vaults']?.map((v) => [
        v.name,
        v.locked,
        v.encryptionKeyType,
        v.accessPolicy !== undefined,
      ]),
    ).toEqual([
      ['main', true, 'CUSTOMER_MANAGED_KMS_KEY', true],
      ['plain', false, 'AWS_OWNED_KMS_KEY', false],
    ]);
    expect(f['aws.backup.recoveryPoints']?.map((r) => [r.vaultName, r.resourceType, r.continuous])).toEqual([
      ['main', 'Aurora', true],
      ['main', 'RDS', false],
    ]);
    expect(
      f['aws.backup.protectedResources']?.map((r) => [r.resourceArn.split(':').pop(), r.lastBackupTime]),
    ).toEqual([
      ['orders', '2026-11-29T11:00:00.000Z'],
      ['core', '2026-11-29T10:00:00.000Z'],
    ]);
    expect(f['aws.backup.restoreTestingPlans']).toMatchObject([
      { name: 'rtp', selections: [{ name: 'core', protectedResourceType: 'RDS', validationWindowHours: 2 }] },
    ]);
    expect(f['aws.backup.restoreJobs']).toMatchObject([
      {
        jobId: 'recent',
        status: 'COMPLETED',
        validationStatus: 'SUCCESSFUL',
        restoreTestingPlanArn: f['aws.backup.restoreTestingPlans']?.[0]?.arn,
        creationDate: '2026-11-28T12:00:00.000Z',
      },
    ]);
  });

  it('pages with the largest page size and makes exactly the minimum number of calls', async () => {
    const instances = Array.from({ length: 230 }, (_, i) => ({
      id: `db-${i}`,
      ...(i < 30 ? { clusterId: `c-${i % 10}` } : {}),
    }));
    const rps = Array.from({ length: 1500 }, (_, i) => ({
      resource: `arn:aws:rds:eu-west-2:${A}:db:db-${i % 1200}`,
      createdAt: `-${1 + (i % 48)}h`,
    }));
    const bigRegion: RegionEstate = {
      instances,
      clusters: Array.from({ length: 10 }, (_, i) => ({ id: `c-${i}` })),
      snapshots: [
        ...Array.from({ length: 150 }, (_, i) => ({
          id: `s-${i}`,
          sourceId: 'db-40',
          type: i < 40 ? ('manual' as const) : ('automated' as const),
        })),
        ...Array.from({ length: 12 }, (_, i) => ({
          id: `cs-${i}`,
          kind: 'cluster' as const,
          sourceId: 'c-1',
          type: i < 5 ? ('manual' as const) : ('automated' as const),
        })),
      ],
      backupPlans: [2, 1, 0].map((n, p) => ({
        name: `plan-${p}`,
        rules: [{ name: 'r', vault: 'v0' }],
        selections: Array.from({ length: n }, (_, s) => ({ name: `sel-${s}`, resources: ['*'] })),
      })),
      vaults: [{ name: 'v0', accessPolicy: '{}', recoveryPoints: rps }, { name: 'v1' }],
      restoreTestingPlans: [
        { name: 'rtp0', selections: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
        { name: 'rtp1' },
      ],
      restoreJobs: Array.from({ length: 1051 }, (_, i) => ({
        id: `job-${i}`,
        recoveryPoint: `arn:aws:rds:eu-west-2:${A}:snapshot:awsbackup:job-${i}`,
        createdAt: i < 1001 ? `-${(i % 9) + 1}d` : '-20d',
      })),
    };
    sim = await startSimulator({
      estate: estate(
        { 'eu-west-2': bigRegion, 'eu-west-1': {} },
        { 'eu-west-2': { instances: instances.slice(30, 33) } },
      ),
      now: NOW,
    });
    const started = Date.now();
    const res = await collectAws(
      target(sim, { regions: ['eu-west-2', 'eu-west-1'], accounts: [{ id: A }, ROLE_B] }),
      [...AWS_FACTS],
      options({ needs: { restoreJobWindowDays: 10 }, concurrency: 16 }),
    );
    const ms = Date.now() - started;
    expect(res.errors).toEqual([]);
    // Four partitions: (A|B) x (eu-west-2|eu-west-1); only A/eu-west-2 has more than one page of anything.
    const lists = (first: number) => first + 3;
    const expected = {
      'sts:AssumeRole': 1,
      'sts:GetCallerIdentity': 4,
      'rds:DescribeDBInstances': lists(pages(230, 100)),
      'rds:DescribeDBClusters': lists(1),
      'rds:DescribeDBSnapshots': lists(pages(150, 100)),
      'rds:DescribeDBClusterSnapshots': lists(1),
      'rds:DescribeDBSnapshotAttributes': 40,
      'rds:DescribeDBClusterSnapshotAttributes': 5,
      'rds:DescribeDBInstanceAutomatedBackups': lists(pages(200, 100)),
      'rds:DescribePendingMaintenanceActions': lists(1),
      'backup:ListBackupPlans': lists(1),
      'backup:GetBackupPlan': 3,
      'backup:ListBackupSelections': 3,
      'backup:GetBackupSelection': 3,
      'backup:ListBackupVaults': lists(1),
      'backup:GetBackupVaultAccessPolicy': 2,
      'backup:ListRecoveryPointsByBackupVault': pages(1500, 1000) + pages(0, 1000),
      'backup:ListProtectedResources': lists(pages(1200, 1000)),
      'backup:ListRestoreTestingPlans': lists(1),
      'backup:ListRestoreTestingSelections': 2,
      'backup:GetRestoreTestingSelection': 3,
      'backup:ListRestoreJobs': lists(pages(1001, 1000)),
    };
    expect(logicalCalls(res.calls)).toEqual(expected);
    expect(countOps(sim.requests)).toEqual(expected); // no retries, no hidden calls
    for (const r of sim.requests.filter((q) => q.pageSize !== undefined)) {
      expect(r.pageSize).toBe(r.service === 'rds' ? 100 : 1000);
    }
    const mine = (f: keyof typeof res.facts) =>
      res.facts[f]?.filter((i) => 'account' in i && i.account === A).length;
    expect(mine('aws.rds.instances')).toBe(230);
    expect(res.facts['aws.rds.instances']?.filter((i) => i.account === B)).toHaveLength(3);
    expect(mine('aws.backup.recoveryPoints')).toBe(1500);
    expect(mine('aws.backup.protectedResources')).toBe(1200);
    expect(mine('aws.backup.restoreJobs')).toBe(1001);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    console.info(`minimum-calls estate: ${total} calls, ${sim.requests.length} requests, ${ms} ms`);
  });

  it('reads a second account through AssumeRole (external id, session name) in both regions', async () => {
    sim = await startSimulator({
      estate: estate(
        { 'eu-west-2': { instances: [{ id: 'a-db' }] } },
        { 'eu-west-2': { instances: [{ id: 'b-db' }] }, 'eu-west-1': { instances: [{ id: 'b-eu1' }] } },
      ),
    });
    const res = await collectAws(
      target(sim, { regions: ['eu-west-2', 'eu-west-1'], accounts: [{ id: A }, ROLE_B] }),
      ['aws.rds.instances'],
      options(),
    );
    expect(res.errors).toEqual([]);
    expect(res.facts['aws.rds.instances']?.map((i) => `${i.account}/${i.region}/${i.id}`)).toEqual([
      `${A}/eu-west-2/a-db`,
      `${B}/eu-west-1/b-eu1`,
      `${B}/eu-west-2/b-db`,
    ]);
    expect(res.facts['aws.identity']?.filter((i) => i.account === B)).toEqual([
      expect.objectContaining({
        arn: `arn:aws:sts::${B}:assumed-role/reader/readiness-acme-test`,
        roleArn: ROLE_B.roleArn,
        region: 'eu-west-1',
      }),
      expect.objectContaining({
        arn: `arn:aws:sts::${B}:assumed-role/reader/readiness-acme-test`,
        region: 'eu-west-2',
      }),
    ]);
    expect(res.calls['sts:AssumeRole']).toBe(1);
    expect(sim.requests.filter((r) => r.operation === 'DescribeDBInstances' && r.account === B)).toHaveLength(
      2,
    );
  });

  it('turns a refused AssumeRole into an error for every requested fact, per region, in that account only', async () => {
    sim = await startSimulator({ estate: estate({ 'eu-west-2': { instances: [{ id: 'a-db' }] } }) });
    const res = await collectAws(
      target(sim, {
        regions: ['eu-west-2', 'eu-west-1'],
        accounts: [{ id: A }, { ...ROLE_B, externalId: 'wrong' }],
      }),
      ['aws.rds.instances', 'aws.backup.plans'],
      options(),
    );
    expect(res.errors.map((e) => [e.fact, e.account, e.region, e.operation, e.code]).sort()).toEqual([
      ['aws.backup.plans', B, 'eu-west-1', 'sts:AssumeRole', 'AccessDenied'],
      ['aws.backup.plans', B, 'eu-west-2', 'sts:AssumeRole', 'AccessDenied'],
      ['aws.rds.instances', B, 'eu-west-1', 'sts:AssumeRole', 'AccessDenied'],
      ['aws.rds.instances', B, 'eu-west-2', 'sts:AssumeRole', 'AccessDenied'],
    ]);
    expect(res.facts['aws.rds.instances']?.map((i) => i.id)).toEqual(['a-db']);
    expect(res.facts['aws.backup.plans']).toEqual([]);
  });

  it('refuses to read an account the credentials do not belong to, and unknown keys', async () => {
    sim = await startSimulator({ estate: estate({ 'eu-west-2': { instances: [{ id: 'a-db' }] } }) });
    const mismatch = await collectAws(
      target(sim, { accounts: [{ id: B }] }),
      ['aws.rds.instances'],
      options(),
    );
    expect(mismatch.errors).toEqual([
      expect.objectContaining({
        account: B,
        region: 'eu-west-2',
        operation: 'sts:GetCallerIdentity',
        code: 'AccountMismatch',
      }),
    ]);
    expect(mismatch.facts['aws.rds.instances']).toEqual([]);
    const unknown = await collectAws(
      target(sim),
      ['aws.rds.instances'],
      options({
        env: {
          AWS_ACCESS_KEY_ID: 'AKIANOBODY0000000001',
          AWS_SECRET_ACCESS_KEY: SECRET,
          AWS_SESSION_TOKEN: 'tok'.repeat(40),
        },
      }),
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ code: 'InvalidClientTokenId', account: A })]);
    const text = JSON.stringify([mismatch, unknown]);
    for (const secret of [SECRET, 'AKIANOBODY0000000001', KEY_A, 'tok'.repeat(40)])
      expect(text).not.toContain(secret);
  });

  it('keeps requests in flight within options.concurrency across accounts, regions and calls', async () => {
    const region: RegionEstate = {
      backupPlans: Array.from({ length: 12 }, (_, i) => ({ name: `p${i}`, rules: [] })),
      snapshots: Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, sourceId: 'x' })),
    };
    sim = await startSimulator({
      estate: estate({ 'eu-west-2': region, 'eu-west-1': region }),
      latencyMs: 25,
    });
    const facts = ['aws.backup.plans', 'aws.rds.snapshotAttributes', 'aws.rds.instances'] as const;
    const t = target(sim, { regions: ['eu-west-2', 'eu-west-1'] });
    const res = await collectAws(t, [...facts], options({ concurrency: 3 }));
    expect(res.errors).toEqual([]);
    expect(maxInFlight(sim.requests)).toBeLessThanOrEqual(3);
    expect(maxInFlight(sim.requests)).toBeGreaterThan(1);
  });

  it('lets partitions take turns: every partition sends its first list before any sends its second', async () => {
    const region: RegionEstate = { backupPlans: [{ name: 'p', rules: [] }], vaults: [{ name: 'v' }] };
    const regions = ['eu-west-2', 'eu-west-1', 'eu-central-1'];
    const all = Object.fromEntries(regions.map((r) => [r, region]));
    sim = await startSimulator({ estate: estate(all, all), now: NOW });
    const facts = ['aws.backup.plans', 'aws.backup.vaults', 'aws.backup.restoreJobs'] as const;
    const t = target(sim, { regions, accounts: [{ id: A }, ROLE_B] });
    const res = await collectAws(t, [...facts], options({ concurrency: 1 }));
    expect(res.errors).toEqual([]);
    // One slot, so the simulator sees requests in the order the queue serves them. Each partition has
    // three lists of one level; queued first come, first served, one partition's three would go together.
    const lists = sim.requests.filter((r) => r.service === 'backup' && r.operation.startsWith('List'));
    expect(lists).toHaveLength(6 * 3);
    const partition = (r: (typeof lists)[number]) => `${r.account}/${r.region}`;
    expect(new Set(lists.slice(0, 6).map(partition)).size).toBe(6);
  });

  it('reads cluster snapshot sharing without waiting for the DB snapshots', async () => {
    sim = await startSimulator({
      estate: estate({
        'eu-west-2': {
          instances: [{ id: 'db' }],
          clusters: [{ id: 'c' }],
          snapshots: [
            { id: 'db-manual', sourceId: 'db' },
            { id: 'c-manual', kind: 'cluster', sourceId: 'c', sharedWith: ['all'] },
          ],
        },
      }),
      faults: [{ kind: 'latency', operation: 'DescribeDBSnapshotAttributes', latencyMs: 1500 }],
      now: NOW,
    });
    const res = await collectAws(target(sim), ['aws.rds.snapshotAttributes'], options());
    expect(res.errors).toEqual([]);
    const shared = res.facts['aws.rds.snapshotAttributes']?.map((a) => [
      a.snapshotArn.split(':')[5],
      a.restoreAccounts,
    ]);
    expect(Object.fromEntries(shared ?? [])).toEqual({ snapshot: [], 'cluster-snapshot': ['all'] });
    const slow = sim.requests.find((r) => r.operation === 'DescribeDBSnapshotAttributes');
    const cluster = sim.requests.find((r) => r.operation === 'DescribeDBClusterSnapshotAttributes');
    // The cluster snapshot's call went out while the DB snapshot's was still being answered.
    expect(cluster?.at).toBeLessThan(slow?.finishedAt as number);
  });

  it('reports a target without an aws section as not configured, making no calls', async () => {
    const res = await collectAws({ name: 'x', stage: 'public-demo' }, ['aws.rds.instances'], options());
    expect(res.errors).toEqual([
      expect.objectContaining({ fact: 'aws.rds.instances', code: 'NotConfigured' }),
    ]);
    expect(res.calls).toEqual({});
  });
});

describe('collector helpers', () => {
  it('createLimit runs at most n tasks at once, in order', async () => {
    const limit = createLimit(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          order.push(i);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => createLimit(0)).toThrow(RangeError);
  });

  it('scrub removes known secrets, access key ids and token-like runs', () => {
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMiJHMEUCIQD'.repeat(3);
    const out = scrub(`key AKIAIOSFODNN7EXAMPLE secret ${SECRET} token ${token} in arn:aws:iam::1:role/x`, [
      SECRET,
    ]);
    expect(out).toBe('key [access key] secret [redacted] token [redacted] in arn:aws:iam::1:role/x');
  });
});
