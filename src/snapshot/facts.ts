// The facts a snapshot holds: one typed, schema-checked list per fact name. Collectors fill them,
// checks read them (only those they declare in `requires`), and the snapshot schema is built from them.
import { type Static, type TSchema, Type } from '../util/typebox.js';

const Str = Type.String();
const OptStr = Type.Optional(Type.String());
const Tags = Type.Record(Type.String(), Type.String(), { description: 'Resource tags, key to value.' });
/** Where an AWS item was read from. */
const Where = {
  account: Type.String({ description: 'AWS account id the item was read in.' }),
  region: Type.String({ description: 'AWS region the item was read in.' }),
};

export const CallerIdentity = Type.Object({
  account: Str,
  arn: Str,
  userId: Str,
  region: Str,
  roleArn: OptStr,
});

export const DbInstance = Type.Object({
  ...Where,
  arn: Str,
  id: Str,
  engine: Str,
  engineVersion: OptStr,
  status: Str,
  clusterId: OptStr,
  readReplicaSourceId: Type.Optional(
    Type.String({ description: 'Identifier or ARN of the source when this is a read replica.' }),
  ),
  readReplicaIds: Type.Optional(
    Type.Array(Str, {
      description: 'ReadReplicaDBInstanceIdentifiers: its read replicas (cross-region ones as ARNs).',
    }),
  ),
  automatedBackupReplications: Type.Optional(
    Type.Array(Str, {
      description: 'DBInstanceAutomatedBackupsReplications[].DBInstanceAutomatedBackupsArn (other regions).',
    }),
  ),
  backupRetentionDays: Type.Integer({ minimum: 0 }),
  backupWindow: OptStr,
  maintenanceWindow: OptStr,
  multiAz: Type.Boolean(),
  storageEncrypted: Type.Boolean(),
  kmsKeyId: OptStr,
  deletionProtection: Type.Boolean(),
  autoMinorVersionUpgrade: Type.Boolean(),
  latestRestorableTime: OptStr,
  tags: Tags,
});

export const DbCluster = Type.Object({
  ...Where,
  arn: Str,
  id: Str,
  engine: Str,
  engineVersion: OptStr,
  status: Str,
  members: Type.Array(Type.Object({ id: Str, writer: Type.Boolean() })),
  backupRetentionDays: Type.Integer({ minimum: 0 }),
  backupWindow: OptStr,
  maintenanceWindow: OptStr,
  multiAz: Type.Boolean(),
  storageEncrypted: Type.Boolean(),
  kmsKeyId: OptStr,
  deletionProtection: Type.Boolean(),
  latestRestorableTime: OptStr,
  replicationSourceArn: OptStr,
  readReplicaIds: Type.Optional(
    Type.Array(Str, {
      description: 'ReadReplicaIdentifiers: its replica clusters (cross-region ones as ARNs).',
    }),
  ),
  tags: Tags,
});

export const DbSnapshot = Type.Object({
  ...Where,
  arn: Str,
  id: Str,
  kind: Type.Union([Type.Literal('instance'), Type.Literal('cluster')]),
  sourceId: Str,
  snapshotType: Type.String({ description: 'manual, automated, shared, public or awsbackup.' }),
  status: Str,
  createdAt: OptStr,
  encrypted: Type.Boolean(),
  sourceRegion: OptStr,
  tags: Tags,
});

export const DbSnapshotAttributes = Type.Object({
  ...Where,
  snapshotArn: Str,
  restoreAccounts: Type.Array(Str, { description: 'Values of the "restore" attribute; "all" means public.' }),
});

export const DbAutomatedBackup = Type.Object({
  ...Where,
  arn: Str,
  sourceArn: Str,
  sourceRegion: Str,
  status: Str,
  retentionDays: Type.Optional(Type.Integer()),
  replicated: Type.Boolean({ description: 'True when this automated backup is a cross-region replication.' }),
});

export const PendingMaintenance = Type.Object({
  ...Where,
  resourceArn: Str,
  actions: Type.Array(
    Type.Object({
      action: Str,
      description: OptStr,
      autoAppliedAfterDate: OptStr,
      forcedApplyDate: OptStr,
      currentApplyDate: OptStr,
      optInStatus: OptStr,
    }),
  ),
});

const Lifecycle = Type.Object({
  deleteAfterDays: Type.Optional(Type.Integer()),
  moveToColdStorageAfterDays: Type.Optional(Type.Integer()),
});

export const BackupPlan = Type.Object({
  ...Where,
  arn: Str,
  id: Str,
  name: Str,
  versionId: OptStr,
  rules: Type.Array(
    Type.Object({
      name: Str,
      targetVault: Str,
      schedule: OptStr,
      scheduleTimezone: OptStr,
      startWindowMinutes: Type.Optional(Type.Integer()),
      completionWindowMinutes: Type.Optional(Type.Integer()),
      continuousBackup: Type.Boolean(),
      lifecycle: Type.Optional(Lifecycle),
      copyActions: Type.Array(Type.Object({ destinationVaultArn: Str, lifecycle: Type.Optional(Lifecycle) })),
    }),
  ),
  advancedBackupSettings: Type.Optional(
    Type.Array(Type.Object({ resourceType: Str, backupOptions: Tags }), {
      description: 'Per resource type options, e.g. WindowsVSS for EC2.',
    }),
  ),
});

const KeyValue = Type.Object({ key: Str, value: Str });
export const BackupSelection = Type.Object({
  ...Where,
  planId: Str,
  selectionId: Str,
  name: Str,
  iamRoleArn: OptStr,
  resources: Type.Array(Str),
  notResources: Type.Array(Str),
  listOfTags: Type.Array(Type.Object({ type: Str, key: Str, value: Str })),
  conditions: Type.Object({
    stringEquals: Type.Array(KeyValue),
    stringNotEquals: Type.Array(KeyValue),
    stringLike: Type.Array(KeyValue),
    stringNotLike: Type.Array(KeyValue),
  }),
});

export const BackupVault = Type.Object({
  ...Where,
  arn: Str,
  name: Str,
  encryptionKeyArn: OptStr,
  encryptionKeyType: Type.Optional(
    Type.String({ description: 'CUSTOMER_MANAGED_KMS_KEY or AWS_OWNED_KMS_KEY, when known.' }),
  ),
  locked: Type.Boolean(),
  minRetentionDays: Type.Optional(Type.Integer()),
  maxRetentionDays: Type.Optional(Type.Integer()),
  lockDate: OptStr,
  accessPolicy: Type.Optional(Type.String({ description: 'The vault access policy document (JSON text).' })),
});

export const ProtectedResource = Type.Object({
  ...Where,
  resourceArn: Str,
  resourceType: Str,
  lastBackupTime: OptStr,
  lastBackupVaultArn: OptStr,
  lastRecoveryPointArn: OptStr,
});

export const RecoveryPoint = Type.Object({
  ...Where,
  arn: Str,
  vaultName: Str,
  resourceArn: Str,
  resourceType: Str,
  status: Str,
  creationDate: Str,
  completionDate: OptStr,
  continuous: Type.Boolean(),
  backupPlanId: OptStr,
});

export const RestoreTestingPlan = Type.Object({
  ...Where,
  arn: Str,
  name: Str,
  schedule: OptStr,
  scheduleTimezone: OptStr,
  startWindowHours: Type.Optional(Type.Integer()),
  selections: Type.Array(
    Type.Object({
      name: Str,
      protectedResourceType: Str,
      protectedResourceArns: Type.Array(Str),
      protectedResourceConditions: Type.Object({
        stringEquals: Type.Array(KeyValue),
        stringNotEquals: Type.Array(KeyValue),
      }),
      validationWindowHours: Type.Optional(Type.Integer()),
    }),
  ),
});

export const RestoreJob = Type.Object({
  ...Where,
  jobId: Str,
  status: Str,
  validationStatus: OptStr,
  validationMessage: OptStr,
  restoreTestingPlanArn: OptStr,
  recoveryPointArn: Str,
  sourceResourceArn: Type.Optional(
    Type.String({ description: 'SourceResourceArn: the resource the recovery point was taken of.' }),
  ),
  recoveryPointCreationDate: OptStr,
  resourceType: OptStr,
  createdResourceArn: OptStr,
  creationDate: Str,
  completionDate: OptStr,
});

const Nullable = <T extends TSchema>(t: T, options: { description?: string } = {}) =>
  Type.Union([t, Type.Null()], options);

/** A status page as fetched (http collector): the page itself and, when published, its Statuspage API. */
export const StatusPage = Type.Object({
  url: Type.String({ description: 'The configured status page URL.' }),
  finalUrl: Type.String({ description: 'The URL that answered, after redirects.' }),
  redirects: Type.Array(Str, { description: 'Locations followed, in order.' }),
  status: Type.Integer({ description: 'HTTP status of the page.' }),
  latencyMs: Type.Integer({ description: 'Time to the page headers, in milliseconds.' }),
  contentType: OptStr,
  api: Type.Union([Type.Literal('statuspage'), Type.Literal('none')], {
    description: 'statuspage: /api/v2/summary.json answered; none: it answered 404/410 or was not asked.',
  }),
  apiUrl: OptStr,
  apiStatus: Type.Optional(Type.Integer()),
  summary: Type.Optional(
    Type.Object({
      pageName: Str,
      updatedAt: OptStr,
      indicator: Type.String({ description: 'none, minor, major, critical or maintenance.' }),
      description: Str,
      components: Type.Array(
        Type.Object({
          name: Str,
          status: Type.String({
            description:
              'operational, degraded_performance, partial_outage, major_outage or under_maintenance.',
          }),
          group: Type.Optional(Type.String({ description: 'Name of the group the component belongs to.' })),
          isGroup: Type.Boolean(),
        }),
      ),
      scheduledMaintenances: Type.Array(
        Type.Object({ name: Str, status: Str, scheduledFor: OptStr, scheduledUntil: OptStr }),
      ),
    }),
  ),
});

/** Protection of a repository's default branch: classic branch protection and the active ruleset rules. */
export const BranchProtection = Type.Object({
  repo: Type.String({ description: 'owner/name' }),
  branch: Str,
  classic: Nullable(
    Type.Object({
      requirePullRequest: Type.Boolean(),
      requiredApprovingReviewCount: Type.Integer({ minimum: 0 }),
      dismissStaleReviews: Type.Boolean(),
      requireCodeOwnerReviews: Type.Boolean(),
      requiredStatusChecks: Type.Array(Str),
      strictStatusChecks: Type.Boolean(),
      enforceAdmins: Type.Boolean(),
      allowForcePushes: Type.Boolean(),
      allowDeletions: Type.Boolean(),
    }),
    { description: 'Classic branch protection; null when the branch has none (404).' },
  ),
  rules: Type.Array(
    Type.Object({
      type: Type.String({ description: 'Rule type, e.g. pull_request, required_status_checks, deletion.' }),
      rulesetId: Type.Optional(Type.Integer()),
      rulesetSource: OptStr,
      rulesetSourceType: OptStr,
      requiredApprovingReviewCount: Type.Optional(Type.Integer()),
      requiredStatusChecks: Type.Optional(Type.Array(Str)),
    }),
    { description: 'Active rules that apply to the branch (GET /rules/branches/{branch}).' },
  ),
});

export const GitHubEnvironment = Type.Object({
  repo: Str,
  name: Str,
  exists: Type.Boolean({ description: 'False when GitHub answered 404 for the environment.' }),
  requiredReviewers: Type.Array(
    Type.Object({ type: Type.String({ description: 'User or Team.' }), name: Str }),
  ),
  preventSelfReview: Type.Optional(Type.Boolean()),
  waitTimerMinutes: Type.Optional(Type.Integer()),
  deploymentBranchPolicy: Nullable(
    Type.Object({
      protectedBranches: Type.Boolean(),
      customBranchPolicies: Type.Boolean(),
      patterns: Type.Array(Type.Object({ name: Str, type: Str })),
    }),
    { description: 'null: any branch may deploy.' },
  ),
});

const FeatureState = Type.Union([Type.Literal('enabled'), Type.Literal('disabled'), Type.Literal('unknown')]);
export const SecurityFeatures = Type.Object({
  repo: Str,
  secretScanning: FeatureState,
  secretScanningPushProtection: FeatureState,
  dependabotSecurityUpdates: FeatureState,
  dependabotAlerts: FeatureState,
  notes: Type.Array(Str, { description: 'Why a feature is unknown (e.g. not visible to the token).' }),
});

/** A file of the target's repository that a policy asked about (local checkout or GitHub contents API). */
export const RepoFile = Type.Object({
  path: Type.String({ description: 'Path relative to the repository root, with forward slashes.' }),
  source: Type.Union([Type.Literal('local'), Type.Literal('github')]),
  exists: Type.Boolean(),
  kind: Type.Optional(
    Type.Union([Type.Literal('file'), Type.Literal('dir'), Type.Literal('symlink'), Type.Literal('other')]),
  ),
  size: Type.Optional(Type.Integer({ minimum: 0 })),
  sha256: OptStr,
  content: Type.Optional(Type.String({ description: 'UTF-8 text, when the file is text and small enough.' })),
  truncated: Type.Optional(
    Type.Boolean({ description: 'True when the file was too large to keep its text.' }),
  ),
  problem: Type.Optional(
    Type.Object({ code: Str, message: Str }, { description: 'Why this one file could not be read.' }),
  ),
});

/** Every fact, by name. A check names the facts it reads in `requires`; the plan fetches only those. */
export const FACT_SCHEMAS = {
  'aws.identity': CallerIdentity,
  'aws.rds.instances': DbInstance,
  'aws.rds.clusters': DbCluster,
  'aws.rds.snapshots': DbSnapshot,
  'aws.rds.snapshotAttributes': DbSnapshotAttributes,
  'aws.rds.automatedBackups': DbAutomatedBackup,
  'aws.rds.pendingMaintenance': PendingMaintenance,
  'aws.backup.plans': BackupPlan,
  'aws.backup.selections': BackupSelection,
  'aws.backup.vaults': BackupVault,
  'aws.backup.protectedResources': ProtectedResource,
  'aws.backup.recoveryPoints': RecoveryPoint,
  'aws.backup.restoreTestingPlans': RestoreTestingPlan,
  'aws.backup.restoreJobs': RestoreJob,
  'http.statusPage': StatusPage,
  'github.branchProtection': BranchProtection,
  'github.environments': GitHubEnvironment,
  'github.securityFeatures': SecurityFeatures,
  'repo.files': RepoFile,
} satisfies Record<string, TSchema>;

export type FactName = keyof typeof FACT_SCHEMAS;
export type FactItem<K extends FactName> = Static<(typeof FACT_SCHEMAS)[K]>;
export type FactMap = { [K in FactName]: FactItem<K>[] };
export const FACT_NAMES = Object.keys(FACT_SCHEMAS).sort() as FactName[];

/** Where each fact comes from: the source and the API operations that read it, including the lists it is
 * derived from (evidence and permissions). */
export const FACT_SOURCES: Record<
  FactName,
  { source: 'aws' | 'github' | 'http' | 'repo'; operations: string[] }
> = {
  'aws.identity': { source: 'aws', operations: ['sts:GetCallerIdentity'] },
  'aws.rds.instances': { source: 'aws', operations: ['rds:DescribeDBInstances'] },
  'aws.rds.clusters': { source: 'aws', operations: ['rds:DescribeDBClusters'] },
  'aws.rds.snapshots': {
    source: 'aws',
    operations: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
  },
  'aws.rds.snapshotAttributes': {
    source: 'aws',
    operations: [
      'rds:DescribeDBSnapshots',
      'rds:DescribeDBClusterSnapshots',
      'rds:DescribeDBSnapshotAttributes',
      'rds:DescribeDBClusterSnapshotAttributes',
    ],
  },
  'aws.rds.automatedBackups': { source: 'aws', operations: ['rds:DescribeDBInstanceAutomatedBackups'] },
  'aws.rds.pendingMaintenance': { source: 'aws', operations: ['rds:DescribePendingMaintenanceActions'] },
  'aws.backup.plans': { source: 'aws', operations: ['backup:ListBackupPlans', 'backup:GetBackupPlan'] },
  'aws.backup.selections': {
    source: 'aws',
    operations: ['backup:ListBackupPlans', 'backup:ListBackupSelections', 'backup:GetBackupSelection'],
  },
  'aws.backup.vaults': {
    source: 'aws',
    operations: ['backup:ListBackupVaults', 'backup:GetBackupVaultAccessPolicy'],
  },
  'aws.backup.protectedResources': { source: 'aws', operations: ['backup:ListProtectedResources'] },
  'aws.backup.recoveryPoints': {
    source: 'aws',
    operations: ['backup:ListBackupVaults', 'backup:ListRecoveryPointsByBackupVault'],
  },
  'aws.backup.restoreTestingPlans': {
    source: 'aws',
    operations: [
      'backup:ListRestoreTestingPlans',
      'backup:ListRestoreTestingSelections',
      'backup:GetRestoreTestingSelection',
    ],
  },
  'aws.backup.restoreJobs': { source: 'aws', operations: ['backup:ListRestoreJobs'] },
  'http.statusPage': {
    source: 'http',
    operations: ['GET {statusPage.url}', 'GET {statusPage.url}/api/v2/summary.json'],
  },
  'github.branchProtection': {
    source: 'github',
    operations: [
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}/branches/{branch}/protection',
      'GET /repos/{owner}/{repo}/rules/branches/{branch}',
    ],
  },
  'github.environments': {
    source: 'github',
    operations: [
      'GET /repos/{owner}/{repo}/environments/{environment_name}',
      'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
    ],
  },
  'github.securityFeatures': {
    source: 'github',
    operations: ['GET /repos/{owner}/{repo}', 'GET /repos/{owner}/{repo}/vulnerability-alerts'],
  },
  'repo.files': {
    source: 'repo',
    operations: ['fs:read {repo.path}/{path}', 'GET /repos/{owner}/{repo}/contents/{path}'],
  },
};
