// What reading an estate costs at the least, worked out from the estate itself and never from a collector:
// the minimum number of API calls the requested facts need, and the floor on wall time that latency,
// sequential pagination, rate limits and a concurrency bound put under any client.
//
// Minimum calls, per (account, region) partition: every list costs max(1, ceil(n / page size)) pages
// (RDS MaxRecords 100, AWS Backup MaxResults 1000), shared by every fact that reads it; every item that
// has no list form costs one call (GetBackupPlan, GetBackupSelection, GetBackupVaultAccessPolicy,
// GetRestoreTestingSelection, Describe*SnapshotAttributes of manual snapshots); sts:GetCallerIdentity once
// per partition, sts:AssumeRole once per account read through a role.
//
// Floor = max of three lower bounds, each in milliseconds, with L the latency of one request:
//   chain        max over partitions of (longest chain of calls that must run one after another) × L;
//                a chain is AssumeRole → GetCallerIdentity → the pages of one list in order → the per-item
//                call that needs the last page (e.g. ListBackupPlans → ListBackupSelections → Get...).
//   rate         max over partitions and rate limits (token bucket of `burst`, refilled at `perSecond`) of
//                prefix × L + L + max(0, calls − burst) / perSecond, where prefix is the chain before the
//                first limited call and calls the partition's calls that the bucket counts.
//   concurrency  ceil(all calls / concurrency) × L: no more than `concurrency` requests are in flight.
import type { Estate, EstateDbSnapshot, RegionEstate } from './estate.js';
import { resolveWhen } from './estate.js';
import type { RateLimit } from './faults.js';

export const RDS_PAGE_SIZE = 100;
export const BACKUP_PAGE_SIZE = 1000;

export interface CostInput {
  estate: Estate;
  accounts: { id: string; roleArn?: string }[];
  regions: readonly string[];
  /** Fact names requested (aws.rds.instances, aws.backup.selections, ...); others are ignored. */
  facts: readonly string[];
  /** The collector's "now", which places the restore job window. */
  now: Date;
  restoreJobWindowDays: number;
}

export interface PartitionCost {
  account: string;
  region: string;
  /** Calls per "service:Operation". */
  calls: Record<string, number>;
  /** Calls before any list can start (AssumeRole, GetCallerIdentity). */
  prefix: number;
  /** The longest chain of calls that must run one after another, prefix included. */
  chain: number;
}

export interface Cost {
  calls: Record<string, number>;
  partitions: PartitionCost[];
}

export const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The page (1-based) holding the last item that passes `keep`, or 0 when none does. */
function lastPage<T>(items: readonly T[], size: number, keep: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (keep(items[i] as T)) return Math.floor(i / size) + 1;
  return 0;
}

function partitionCost(input: CostInput, account: string, region: string, role: boolean): PartitionCost {
  const want = new Set(input.facts);
  const regions = input.estate.accounts[account]?.regions ?? {};
  const est: RegionEstate = regions[region] ?? {};
  const calls: Record<string, number> = {};
  const count = (op: string, n: number) => {
    if (n > 0) calls[op] = (calls[op] ?? 0) + n;
  };
  const chains: number[] = [0];
  const once = new Set<string>();
  /** A list's pages, counted once however many facts read it. */
  const list = (op: string, n: number, size: number) => {
    const p = pages(n, size);
    if (!once.has(op)) count(op, p);
    once.add(op);
    return p;
  };
  const rds = (op: string, n: number) => list(`rds:${op}`, n, RDS_PAGE_SIZE);
  const backup = (op: string, n: number) => list(`backup:${op}`, n, BACKUP_PAGE_SIZE);

  const instances = est.instances ?? [];
  const clusters = est.clusters ?? [];
  const snaps = est.snapshots ?? [];
  const own = snaps.filter((s) => (s.kind ?? 'instance') === 'instance');
  const ofClusters = snaps.filter((s) => s.kind === 'cluster');
  const manual = (s: EstateDbSnapshot) => (s.type ?? 'manual') === 'manual';

  if (want.has('aws.rds.instances')) chains.push(rds('DescribeDBInstances', instances.length));
  if (want.has('aws.rds.clusters')) chains.push(rds('DescribeDBClusters', clusters.length));
  if (want.has('aws.rds.snapshots') || want.has('aws.rds.snapshotAttributes')) {
    const a = rds('DescribeDBSnapshots', own.length);
    const b = rds('DescribeDBClusterSnapshots', ofClusters.length);
    chains.push(a, b);
    if (want.has('aws.rds.snapshotAttributes')) {
      count('rds:DescribeDBSnapshotAttributes', own.filter(manual).length);
      count('rds:DescribeDBClusterSnapshotAttributes', ofClusters.filter(manual).length);
      const lastA = lastPage(own, RDS_PAGE_SIZE, manual);
      const lastB = lastPage(ofClusters, RDS_PAGE_SIZE, manual);
      if (lastA) chains.push(Math.max(a, lastA + 1));
      if (lastB) chains.push(Math.max(b, lastB + 1));
    }
  }
  if (want.has('aws.rds.automatedBackups')) {
    let n = 0;
    for (const [from, r] of Object.entries(regions)) {
      for (const i of r.instances ?? []) {
        if (i.clusterId) continue;
        if (from === region) n += (i.backupRetentionDays ?? 7) > 0 ? 1 : 0;
        else if ((i.backupReplicationRegions ?? []).includes(region)) n++;
      }
    }
    chains.push(rds('DescribeDBInstanceAutomatedBackups', n));
  }
  if (want.has('aws.rds.pendingMaintenance'))
    chains.push(rds('DescribePendingMaintenanceActions', est.pendingMaintenance?.length ?? 0));

  const plans = est.backupPlans ?? [];
  if (want.has('aws.backup.plans') || want.has('aws.backup.selections')) {
    const p = backup('ListBackupPlans', plans.length);
    if (want.has('aws.backup.plans')) {
      count('backup:GetBackupPlan', plans.length);
      chains.push(p + (plans.length ? 1 : 0));
    }
    if (want.has('aws.backup.selections')) {
      let deepest = 0;
      for (const plan of plans) {
        const n = plan.selections?.length ?? 0;
        const s = pages(n, BACKUP_PAGE_SIZE);
        count('backup:ListBackupSelections', s);
        count('backup:GetBackupSelection', n);
        deepest = Math.max(deepest, s + (n ? 1 : 0));
      }
      chains.push(p + deepest);
    }
  }
  const vaults = est.vaults ?? [];
  if (want.has('aws.backup.vaults') || want.has('aws.backup.recoveryPoints')) {
    const v = backup('ListBackupVaults', vaults.length);
    if (want.has('aws.backup.vaults')) {
      count('backup:GetBackupVaultAccessPolicy', vaults.length);
      chains.push(v + (vaults.length ? 1 : 0));
    }
    if (want.has('aws.backup.recoveryPoints')) {
      let deepest = 0;
      for (const vault of vaults) {
        const r = pages(vault.recoveryPoints?.length ?? 0, BACKUP_PAGE_SIZE);
        count('backup:ListRecoveryPointsByBackupVault', r);
        deepest = Math.max(deepest, r);
      }
      chains.push(v + deepest);
    }
  }
  if (want.has('aws.backup.protectedResources')) {
    const done = new Set<string>();
    for (const v of vaults)
      for (const rp of v.recoveryPoints ?? [])
        if ((rp.status ?? 'COMPLETED') === 'COMPLETED') done.add(rp.resource);
    chains.push(backup('ListProtectedResources', done.size));
  }
  if (want.has('aws.backup.restoreTestingPlans')) {
    const rtps = est.restoreTestingPlans ?? [];
    let deepest = 0;
    for (const plan of rtps) {
      const n = plan.selections?.length ?? 0;
      const s = pages(n, BACKUP_PAGE_SIZE);
      count('backup:ListRestoreTestingSelections', s);
      count('backup:GetRestoreTestingSelection', n);
      deepest = Math.max(deepest, s + (n ? 1 : 0));
    }
    chains.push(backup('ListRestoreTestingPlans', rtps.length) + deepest);
  }
  if (want.has('aws.backup.restoreJobs')) {
    const after = input.now.getTime() - input.restoreJobWindowDays * 86_400_000;
    const n = (est.restoreJobs ?? []).filter(
      (j) => resolveWhen(j.createdAt, input.now).getTime() >= after,
    ).length;
    chains.push(backup('ListRestoreJobs', n));
  }

  count('sts:GetCallerIdentity', 1);
  const prefix = 1 + (role ? 1 : 0);
  return { account, region, calls, prefix, chain: prefix + Math.max(...chains) };
}

/** The minimum calls for reading `facts` from every (account, region) of the input. */
export function minimumCost(input: CostInput): Cost {
  const partitions: PartitionCost[] = [];
  const calls: Record<string, number> = {};
  for (const a of input.accounts) {
    if (a.roleArn) calls['sts:AssumeRole'] = (calls['sts:AssumeRole'] ?? 0) + 1;
    for (const region of input.regions) {
      const p = partitionCost(input, a.id, region, Boolean(a.roleArn));
      partitions.push(p);
      for (const [op, n] of Object.entries(p.calls)) calls[op] = (calls[op] ?? 0) + n;
    }
  }
  return {
    calls: Object.fromEntries(Object.entries(calls).sort(([x], [y]) => (x < y ? -1 : 1))),
    partitions,
  };
}

export interface FloorModel {
  latencyMs: number;
  rateLimits: readonly RateLimit[];
  concurrency: number;
}

export interface Floor {
  ms: number;
  /** Which bound decides the floor. */
  bound: 'chain' | 'rate' | 'concurrency';
  /** The partition (or limit) that decides it. */
  where: string;
  chainMs: number;
  rateMs: number;
  concurrencyMs: number;
}

function counted(limit: RateLimit, p: PartitionCost): number {
  if (limit.account !== undefined && limit.account !== p.account) return 0;
  if (limit.region !== undefined && limit.region !== p.region) return 0;
  let n = 0;
  for (const [op, c] of Object.entries(p.calls)) {
    const [service, operation] = op.split(':');
    if (limit.service !== undefined && limit.service !== service) continue;
    if (limit.operation !== undefined && limit.operation !== operation) continue;
    n += c;
  }
  return n;
}

export function floor(cost: Cost, model: FloorModel): Floor {
  const L = model.latencyMs;
  let chain = { ms: 0, where: '' };
  let rate = { ms: 0, where: '' };
  for (const p of cost.partitions) {
    const at = `${p.account}/${p.region}`;
    if (p.chain * L > chain.ms) chain = { ms: p.chain * L, where: at };
    for (const limit of model.rateLimits) {
      const n = counted(limit, p);
      if (n === 0) continue;
      const ms =
        (p.prefix + 1) * L + (Math.max(0, n - (limit.burst ?? limit.perSecond)) / limit.perSecond) * 1000;
      if (ms > rate.ms)
        rate = { ms, where: `${at} ${limit.service ?? '*'}${limit.operation ? `:${limit.operation}` : ''}` };
    }
  }
  const total = Object.values(cost.calls).reduce((a, b) => a + b, 0);
  const concurrencyMs = Math.ceil(total / model.concurrency) * L;
  const candidates = [
    { bound: 'chain' as const, ms: chain.ms, where: chain.where },
    { bound: 'rate' as const, ms: rate.ms, where: rate.where },
    { bound: 'concurrency' as const, ms: concurrencyMs, where: `${total} calls / ${model.concurrency}` },
  ];
  const top = candidates.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { ...top, chainMs: chain.ms, rateMs: rate.ms, concurrencyMs };
}
