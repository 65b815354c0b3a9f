// Small builders for test snapshots: `rdsInstance({ id: 'db-1', backupRetentionDays: 7 })` rather than
// big JSON files. Every builder fills the fields a real collector would, so checks see realistic items.
import type { ResolvedTarget } from '../config/schema.js';
import type { LoadedPolicy } from '../engine/inputs.js';
import type { Check } from '../kit/define.js';
import type { FactItem, FactMap } from '../snapshot/facts.js';
import type { FactError, Snapshot, TargetSnapshot } from '../snapshot/snapshot.js';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-2';
export const NOW = '2026-11-29T12:00:00.000Z';

type Partial1<T> = Partial<T> & { id: string };

export function rdsInstance(p: Partial1<FactItem<'aws.rds.instances'>>): FactItem<'aws.rds.instances'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  return {
    account,
    region,
    arn: `arn:aws:rds:${region}:${account}:db:${p.id}`,
    engine: 'postgres',
    status: 'available',
    backupRetentionDays: 35,
    backupWindow: '02:00-02:30',
    maintenanceWindow: 'sun:03:00-sun:03:30',
    multiAz: true,
    storageEncrypted: true,
    deletionProtection: true,
    autoMinorVersionUpgrade: true,
    latestRestorableTime: NOW,
    tags: {},
    ...p,
  };
}

export function rdsCluster(p: Partial1<FactItem<'aws.rds.clusters'>>): FactItem<'aws.rds.clusters'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  return {
    account,
    region,
    arn: `arn:aws:rds:${region}:${account}:cluster:${p.id}`,
    engine: 'aurora-postgresql',
    status: 'available',
    members: [],
    backupRetentionDays: 35,
    backupWindow: '02:00-02:30',
    maintenanceWindow: 'sun:03:00-sun:03:30',
    multiAz: true,
    storageEncrypted: true,
    deletionProtection: true,
    latestRestorableTime: NOW,
    tags: {},
    ...p,
  };
}

export function factError(p: Partial<FactError> & { fact: string }): FactError {
  return {
    source: 'aws',
    operation: 'rds:DescribeDBInstances',
    account: ACCOUNT,
    region: REGION,
    code: 'AccessDenied',
    message: 'User is not authorized to perform this operation',
    ...p,
  };
}

export function targetSnapshot(
  name: string,
  facts: Partial<FactMap>,
  errors: FactError[] = [],
  extraCollected: string[] = [],
): TargetSnapshot {
  const collected = [
    ...new Set([...Object.keys(facts), ...errors.map((e) => e.fact), ...extraCollected]),
  ].sort();
  return {
    name,
    collected,
    facts: Object.fromEntries(collected.map((f) => [f, (facts as Record<string, unknown>)[f] ?? []])),
    errors,
    provenance: { startedAt: NOW, finishedAt: NOW, calls: {} },
  };
}

export function snapshotOf(targets: TargetSnapshot[], collectedAt = NOW): Snapshot {
  return {
    schemaVersion: 1,
    kind: 'readiness-snapshot',
    collectedAt,
    tool: { name: 'readiness', version: 'test' },
    targets,
  };
}

export function target(p: Partial<ResolvedTarget> = {}): ResolvedTarget {
  return {
    name: 'acme-prod',
    stage: 'production-enterprise',
    residency: 'uk',
    residencyRegions: ['eu-west-2'],
    orderForm: { rpoMinutes: 60, rtoMinutes: 240, backupRetentionDays: 35, restoreTestMaxAgeDays: 30 },
    aws: { regions: ['eu-west-2'], accounts: [{ id: ACCOUNT }] },
    ...p,
  };
}

export function loadedPolicy(
  check: Check,
  options: Record<string, unknown>,
  targets: string[],
  over: Partial<LoadedPolicy['policy']> = {},
): LoadedPolicy {
  return {
    policy: {
      id: `test.${check.id}`,
      title: check.meta.title,
      controls: ['TEST'],
      stages: ['public-demo', 'private-beta', 'production-enterprise'],
      check: check.id,
      ...over,
    },
    check,
    at: { file: 'policies/test.yaml', line: 1, col: 1 },
    optionsByTarget: Object.fromEntries(targets.map((t) => [t, options])),
  };
}

export const STATUS_URL = 'https://status.thesmios.example/';

export function statusPage(
  p: Partial<FactItem<'http.statusPage'>> & {
    indicator?: string;
    components?: Record<string, string>;
  } = {},
): FactItem<'http.statusPage'> {
  const { indicator = 'none', components = { API: 'operational' }, ...rest } = p;
  const url = rest.url ?? STATUS_URL;
  return {
    url,
    finalUrl: url,
    redirects: [],
    status: 200,
    latencyMs: 42,
    contentType: 'text/html; charset=utf-8',
    api: 'statuspage',
    apiUrl: `${url}api/v2/summary.json`,
    apiStatus: 200,
    summary: {
      pageName: 'Thesmios Status',
      updatedAt: NOW,
      indicator,
      description: indicator === 'none' ? 'All Systems Operational' : `Indicator ${indicator}`,
      components: Object.entries(components).map(([name, status]) => ({ name, status, isGroup: false })),
      scheduledMaintenances: [],
    },
    ...rest,
  };
}

export const GITHUB_REPO = 'thesmios/platform';

type Classic = NonNullable<FactItem<'github.branchProtection'>['classic']>;
export function classicProtection(p: Partial<Classic> = {}): Classic {
  return {
    requirePullRequest: true,
    requiredApprovingReviewCount: 1,
    dismissStaleReviews: true,
    requireCodeOwnerReviews: false,
    requiredStatusChecks: ['readiness-gate'],
    strictStatusChecks: true,
    enforceAdmins: true,
    allowForcePushes: false,
    allowDeletions: false,
    ...p,
  };
}

export function branchProtection(
  p: Partial<FactItem<'github.branchProtection'>> = {},
): FactItem<'github.branchProtection'> {
  return { repo: GITHUB_REPO, branch: 'main', classic: classicProtection(), rules: [], ...p };
}

export function githubEnvironment(
  p: Partial<FactItem<'github.environments'>> = {},
): FactItem<'github.environments'> {
  return {
    repo: GITHUB_REPO,
    name: 'production',
    exists: true,
    requiredReviewers: [{ type: 'Team', name: 'release-managers' }],
    preventSelfReview: true,
    deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false, patterns: [] },
    ...p,
  };
}

export function securityFeatures(
  p: Partial<FactItem<'github.securityFeatures'>> = {},
): FactItem<'github.securityFeatures'> {
  return {
    repo: GITHUB_REPO,
    secretScanning: 'enabled',
    secretScanningPushProtection: 'enabled',
    dependabotSecurityUpdates: 'enabled',
    dependabotAlerts: 'enabled',
    notes: [],
    ...p,
  };
}

/** A repository file; give `content` for a text file, `exists: false` for an absent one. */
export function repoFile(p: Partial<FactItem<'repo.files'>> & { path: string }): FactItem<'repo.files'> {
  if (p.exists === false) return { source: 'local', exists: false, ...p };
  const content = p.content ?? `# ${p.path}\n`;
  return { source: 'local', exists: true, kind: 'file', size: Buffer.byteLength(content), content, ...p };
}
