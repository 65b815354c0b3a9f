// The call budget on a generated multi-account, multi-region estate (the benchmark's generator, small):
// the AWS collector makes exactly the minimum number of calls the facts need — computed from the estate
// alone by src/sim/cost.ts — per operation, with no retries or hidden calls, and the counts are pinned so
// that a change to the collector, the generator or the minimum shows up here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAws } from '../src/collect/aws/index.js';
import { floor, minimumCost } from '../src/sim/cost.js';
import { generateEstate } from '../src/sim/generate.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import type { FactName } from '../src/snapshot/facts.js';
import { countOps, logicalCalls, NOW } from './helpers/aws.js';

/** Every AWS fact the check library reads. */
const FACTS: FactName[] = [
  'aws.backup.plans',
  'aws.backup.recoveryPoints',
  'aws.backup.restoreJobs',
  'aws.backup.restoreTestingPlans',
  'aws.backup.selections',
  'aws.backup.vaults',
  'aws.rds.automatedBackups',
  'aws.rds.clusters',
  'aws.rds.instances',
  'aws.rds.pendingMaintenance',
  'aws.rds.snapshotAttributes',
  'aws.rds.snapshots',
];
const WINDOW_DAYS = 30;
const generated = generateEstate({
  instances: 400,
  accounts: 3,
  regions: 2,
  seed: 7,
  windowDays: WINDOW_DAYS,
  restoreJobs: 3000,
});

/** Pinned: 3 accounts × 2 regions; the largest partition has 2 pages of instances and of restore jobs. */
const EXPECTED = {
  'backup:GetBackupPlan': 7,
  'backup:GetBackupSelection': 8,
  'backup:GetBackupVaultAccessPolicy': 18,
  'backup:GetRestoreTestingSelection': 12,
  'backup:ListBackupPlans': 6,
  'backup:ListBackupSelections': 7,
  'backup:ListBackupVaults': 6,
  'backup:ListRecoveryPointsByBackupVault': 18,
  'backup:ListRestoreJobs': 7,
  'backup:ListRestoreTestingPlans': 6,
  'backup:ListRestoreTestingSelections': 6,
  'rds:DescribeDBClusterSnapshotAttributes': 7,
  'rds:DescribeDBClusterSnapshots': 6,
  'rds:DescribeDBClusters': 6,
  'rds:DescribeDBInstanceAutomatedBackups': 7,
  'rds:DescribeDBInstances': 7,
  'rds:DescribeDBSnapshotAttributes': 20,
  'rds:DescribeDBSnapshots': 7,
  'rds:DescribePendingMaintenanceActions': 6,
  'sts:AssumeRole': 3,
  'sts:GetCallerIdentity': 6,
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ estate: generated.estate, now: NOW });
});
afterAll(() => sim.close());

describe('call budget on a generated estate', () => {
  it('the generator is deterministic', () => {
    const again = generateEstate({
      instances: 400,
      accounts: 3,
      regions: 2,
      seed: 7,
      windowDays: WINDOW_DAYS,
      restoreJobs: 3000,
    });
    expect(JSON.stringify(again.estate)).toBe(JSON.stringify(generated.estate));
    expect(generated.counts).toMatchObject({ instances: 400, partitions: 6, restoreJobsInWindow: 3000 });
  });

  it('makes exactly the minimum number of calls, per operation', async () => {
    const minimum = minimumCost({
      estate: generated.estate,
      accounts: generated.accounts,
      regions: generated.regions,
      facts: FACTS,
      now: NOW,
      restoreJobWindowDays: WINDOW_DAYS,
    });
    expect(minimum.calls).toEqual(EXPECTED);
    const res = await collectAws(
      {
        name: 'bench',
        stage: 'production-enterprise',
        aws: { regions: generated.regions, endpoint: sim.url, accounts: generated.accounts },
      },
      FACTS,
      {
        concurrency: 16,
        timeoutMs: 5000,
        now: NOW,
        needs: { restoreJobWindowDays: WINDOW_DAYS },
        env: {
          AWS_ACCESS_KEY_ID: generated.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: generated.credentials.secretAccessKey,
        },
      },
    );
    expect(res.errors).toEqual([]);
    expect(logicalCalls(res.calls)).toEqual(EXPECTED);
    expect(countOps(sim.requests)).toEqual(EXPECTED); // no retries, nothing unaccounted for
    for (const r of sim.requests.filter((q) => q.pageSize !== undefined))
      expect(r.pageSize).toBe(r.service === 'rds' ? 100 : 1000);
    expect(res.facts['aws.rds.instances']).toHaveLength(400);
    expect(res.facts['aws.backup.restoreJobs']).toHaveLength(3000);
  });

  it('the floor is the largest of the chain, rate and concurrency bounds', () => {
    const cost = minimumCost({
      estate: generated.estate,
      accounts: generated.accounts,
      regions: generated.regions,
      facts: FACTS,
      now: NOW,
      restoreJobWindowDays: WINDOW_DAYS,
    });
    const total = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
    const f = floor(cost, { latencyMs: 20, concurrency: 4, rateLimits: [] });
    expect(f).toMatchObject({ bound: 'concurrency', ms: Math.ceil(total / 4) * 20 });
    const slow = floor(cost, {
      latencyMs: 20,
      concurrency: 1000,
      rateLimits: [{ service: 'backup', perSecond: 1, burst: 1 }],
    });
    const largest = Math.max(
      ...cost.partitions.map((p) =>
        Object.entries(p.calls)
          .filter(([op]) => op.startsWith('backup:'))
          .reduce((a, [, n]) => a + n, 0),
      ),
    );
    // AssumeRole + GetCallerIdentity, then the first Backup call's latency, then one call a second.
    expect(slow).toMatchObject({ bound: 'rate', ms: 3 * 20 + (largest - 1) * 1000 });
    const chain = floor(cost, { latencyMs: 20, concurrency: 1000, rateLimits: [] });
    expect(chain.bound).toBe('chain');
    expect(chain.ms).toBe(Math.max(...cost.partitions.map((p) => p.chain)) * 20);
  });
});
