// Small builders for test snapshots: `rdsInstance({ id: 'db-1', backupRetentionDays: 7 })` rather than
// big JSON files. Every builder fills the fields a real collector would, so checks see realistic items.
import type { ResolvedTarget } from '../config/schema.js';
import { DEFAULT_THRESHOLDS, type Inputs, type LoadedPolicy } from '../engine/inputs.js';
import type { Check } from '../kit/define.js';
import { defaultOptions } from '../kit/options.js';
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

/** Inputs that judge `t` by each of `checks` with its default options: no waivers, default thresholds. */
export function defaultInputs(checks: readonly Check[], t: ResolvedTarget): Inputs {
  return {
    targets: [t],
    policies: checks.map((check) => {
      const { options, errors } = defaultOptions(check);
      if (errors.length) throw new Error(`${check.id}: ${JSON.stringify(errors)}`);
      return loadedPolicy(check, options, [t.name]);
    }),
    waivers: [],
    thresholds: DEFAULT_THRESHOLDS,
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

// ---- AWS Backup and the rest of RDS (the backup/restore/residency/maintenance checks) ----

/** An ISO instant `minutes` before NOW. */
export const minutesAgo = (minutes: number, from = NOW) =>
  new Date(Date.parse(from) - minutes * 60_000).toISOString();
export const hoursAgo = (hours: number) => minutesAgo(hours * 60);
export const daysAgo = (days: number) => minutesAgo(days * 1440);

type BackupRule = FactItem<'aws.backup.plans'>['rules'][number];
export function backupRule(p: Partial<BackupRule> = {}): BackupRule {
  return {
    name: 'daily',
    targetVault: 'main',
    schedule: 'cron(0 5 ? * * *)',
    startWindowMinutes: 60,
    completionWindowMinutes: 180,
    continuousBackup: false,
    lifecycle: { deleteAfterDays: 35 },
    copyActions: [],
    ...p,
  };
}

export function backupPlan(
  p: Partial<FactItem<'aws.backup.plans'>> & { id: string },
): FactItem<'aws.backup.plans'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  return {
    account,
    region,
    arn: `arn:aws:backup:${region}:${account}:backup-plan:${p.id}`,
    name: p.id,
    versionId: 'v1',
    rules: [backupRule()],
    ...p,
  };
}

/** A selection of a plan; by default it selects nothing in particular (no Resources, tags or conditions). */
export function backupSelection(
  p: Partial<FactItem<'aws.backup.selections'>> & { planId: string },
): FactItem<'aws.backup.selections'> {
  return {
    account: ACCOUNT,
    region: REGION,
    selectionId: `${p.planId}-${p.name ?? 'selection'}`,
    name: 'selection',
    iamRoleArn: `arn:aws:iam::${p.account ?? ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
    resources: [],
    notResources: [],
    listOfTags: [],
    conditions: { stringEquals: [], stringNotEquals: [], stringLike: [], stringNotLike: [] },
    ...p,
  };
}

export function vault(
  p: Partial<FactItem<'aws.backup.vaults'>> & { name: string },
): FactItem<'aws.backup.vaults'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  return {
    account,
    region,
    arn: `arn:aws:backup:${region}:${account}:backup-vault:${p.name}`,
    encryptionKeyArn: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    encryptionKeyType: 'CUSTOMER_MANAGED_KMS_KEY',
    locked: true,
    minRetentionDays: 35,
    maxRetentionDays: 3650,
    lockDate: '2026-01-01T00:00:00.000Z',
    ...p,
  };
}

/** A completed snapshot recovery point of a resource, in vault `main`, taken an hour before NOW. */
export function recoveryPoint(
  p: Partial<FactItem<'aws.backup.recoveryPoints'>> & { resourceArn: string },
): FactItem<'aws.backup.recoveryPoints'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  const created = p.creationDate ?? hoursAgo(1);
  return {
    account,
    region,
    arn: `arn:aws:rds:${region}:${account}:snapshot:awsbackup:job-${Date.parse(created).toString(36)}-${p.resourceArn.split(':').pop()}`,
    vaultName: 'main',
    resourceType: p.resourceArn.includes(':cluster:') ? 'Aurora' : 'RDS',
    status: 'COMPLETED',
    creationDate: created,
    completionDate: created,
    continuous: false,
    backupPlanId: 'plan-1',
    ...p,
  };
}

/** A restore job of a recovery point, completed and validated a day before NOW after 30 minutes. */
export function restoreJob(
  p: Partial<FactItem<'aws.backup.restoreJobs'>> & { jobId: string; recoveryPointArn: string },
): FactItem<'aws.backup.restoreJobs'> {
  const completed = p.completionDate ?? daysAgo(1);
  return {
    account: ACCOUNT,
    region: REGION,
    status: 'COMPLETED',
    validationStatus: 'SUCCESSFUL',
    resourceType: 'RDS',
    creationDate: minutesAgo(30, completed),
    completionDate: completed,
    ...p,
  };
}

export function protectedResource(
  p: Partial<FactItem<'aws.backup.protectedResources'>> & { resourceArn: string },
): FactItem<'aws.backup.protectedResources'> {
  return {
    account: ACCOUNT,
    region: REGION,
    resourceType: p.resourceArn.includes(':cluster:') ? 'Aurora' : 'RDS',
    lastBackupTime: hoursAgo(1),
    ...p,
  };
}

type RestoreTestingSelection = FactItem<'aws.backup.restoreTestingPlans'>['selections'][number];
/** A restore testing selection; by default every RDS instance (`*`). */
export function restoreTestingSelection(p: Partial<RestoreTestingSelection> = {}): RestoreTestingSelection {
  return {
    name: 'all-rds',
    protectedResourceType: 'RDS',
    protectedResourceArns: ['*'],
    protectedResourceConditions: { stringEquals: [], stringNotEquals: [] },
    validationWindowHours: 2,
    ...p,
  };
}

export function restoreTestingPlan(
  p: Partial<FactItem<'aws.backup.restoreTestingPlans'>> & { name: string },
): FactItem<'aws.backup.restoreTestingPlans'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  return {
    account,
    region,
    arn: `arn:aws:backup:${region}:${account}:restore-testing-plan:${p.name}`,
    schedule: 'cron(0 1 ? * SUN *)',
    selections: [restoreTestingSelection()],
    ...p,
  };
}

export function dbSnapshot(
  p: Partial<FactItem<'aws.rds.snapshots'>> & { id: string },
): FactItem<'aws.rds.snapshots'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  const cluster = p.kind === 'cluster';
  return {
    account,
    region,
    arn: `arn:aws:rds:${region}:${account}:${cluster ? 'cluster-snapshot' : 'snapshot'}:${p.id}`,
    kind: 'instance',
    sourceId: 'db-1',
    snapshotType: 'manual',
    status: 'available',
    createdAt: daysAgo(1),
    encrypted: true,
    tags: {},
    ...p,
  };
}

export function snapshotAttributes(
  p: Partial<FactItem<'aws.rds.snapshotAttributes'>> & { snapshotArn: string },
): FactItem<'aws.rds.snapshotAttributes'> {
  return { account: ACCOUNT, region: REGION, restoreAccounts: [], ...p };
}

export function automatedBackup(
  p: Partial<FactItem<'aws.rds.automatedBackups'>> & { sourceArn: string },
): FactItem<'aws.rds.automatedBackups'> {
  const account = p.account ?? ACCOUNT;
  const region = p.region ?? REGION;
  return {
    account,
    region,
    arn: `arn:aws:rds:${region}:${account}:auto-backup:ab-${p.sourceArn.split(':').pop()}`,
    sourceRegion: REGION,
    status: 'replicating',
    retentionDays: 7,
    replicated: region !== REGION,
    ...p,
  };
}

export function pendingMaintenance(
  p: Partial<FactItem<'aws.rds.pendingMaintenance'>> & { resourceArn: string },
): FactItem<'aws.rds.pendingMaintenance'> {
  return { account: ACCOUNT, region: REGION, actions: [], ...p };
}
