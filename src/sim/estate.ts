// The simulated AWS estate: what the local simulator serves. A JSON file (examples/demo/estate.json) or
// an object built in a test; compact, with defaults for everything a test does not care about. Times are
// ISO 8601 or offsets from the simulator's clock ("-2d", "-36h", "-30m", "+7d") so an estate stays current.

/** An ISO 8601 date-time, or an offset from the simulator's clock: "-2d", "-36h", "-30m", "+7d", "now". */
export type When = string;
export type Tags = Record<string, string>;
export interface KeyValue {
  key: string;
  value: string;
}

export interface Estate {
  /** Free text for the reader; ignored. */
  $comment?: string;
  /** Long-term access keys the simulator accepts, each belonging to an IAM user of one account. */
  users: EstateUser[];
  /** Accounts by 12-digit id. */
  accounts: Record<string, AccountEstate>;
}

export interface EstateUser {
  accessKeyId: string;
  account: string;
  name: string;
}

export interface AccountEstate {
  /** Roles that may be assumed (sts:AssumeRole) in this account. */
  roles?: EstateRole[];
  regions: Record<string, RegionEstate>;
}

export interface EstateRole {
  name: string;
  /** When set, AssumeRole must pass this external id. */
  externalId?: string;
  /** Accounts whose principals may assume the role; default every account of the estate. */
  trustedAccounts?: string[];
}

export interface RegionEstate {
  instances?: EstateDbInstance[];
  clusters?: EstateDbCluster[];
  snapshots?: EstateDbSnapshot[];
  pendingMaintenance?: EstatePendingMaintenance[];
  backupPlans?: EstateBackupPlan[];
  vaults?: EstateVault[];
  restoreTestingPlans?: EstateRestoreTestingPlan[];
  restoreJobs?: EstateRestoreJob[];
}

export interface EstateDbInstance {
  id: string;
  /** Default postgres (aurora-postgresql for a cluster member). */
  engine?: string;
  engineVersion?: string;
  status?: string;
  clusterId?: string;
  readReplicaSourceId?: string;
  /** Default 7; a cluster member reports its cluster's value. */
  backupRetentionDays?: number;
  backupWindow?: string;
  maintenanceWindow?: string;
  multiAz?: boolean;
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  deletionProtection?: boolean;
  autoMinorVersionUpgrade?: boolean;
  createdAt?: When;
  latestRestorableTime?: When;
  /** Regions this instance's automated backups are replicated to (cross-region automated backups). */
  backupReplicationRegions?: string[];
  tags?: Tags;
}

export interface EstateDbCluster {
  id: string;
  /** Default aurora-postgresql. */
  engine?: string;
  engineVersion?: string;
  status?: string;
  /** Default: the instances whose clusterId names this cluster, the first one the writer. */
  members?: { id: string; writer?: boolean }[];
  backupRetentionDays?: number;
  backupWindow?: string;
  maintenanceWindow?: string;
  multiAz?: boolean;
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  deletionProtection?: boolean;
  createdAt?: When;
  latestRestorableTime?: When;
  replicationSourceArn?: string;
  tags?: Tags;
}

export interface EstateDbSnapshot {
  id: string;
  /** Default instance. */
  kind?: 'instance' | 'cluster';
  /** The DB instance or cluster identifier the snapshot was taken of. */
  sourceId: string;
  /** Default manual. */
  type?: 'manual' | 'automated' | 'awsbackup';
  status?: string;
  createdAt?: When;
  encrypted?: boolean;
  kmsKeyId?: string;
  engine?: string;
  sourceRegion?: string;
  /** Values of the "restore" attribute: account ids it is shared with, or "all" (public). */
  sharedWith?: string[];
  tags?: Tags;
}

export interface EstatePendingMaintenance {
  /** A DB instance or cluster ARN, or the identifier of one in this region. */
  resource: string;
  actions: {
    action: string;
    description?: string;
    autoAppliedAfterDate?: When;
    forcedApplyDate?: When;
    currentApplyDate?: When;
    optInStatus?: string;
  }[];
}

export interface EstateLifecycle {
  deleteAfterDays?: number;
  moveToColdStorageAfterDays?: number;
}

export interface EstateBackupPlan {
  /** Default derived from the name. */
  id?: string;
  name: string;
  versionId?: string;
  rules: {
    name: string;
    vault: string;
    schedule?: string;
    scheduleTimezone?: string;
    startWindowMinutes?: number;
    completionWindowMinutes?: number;
    continuousBackup?: boolean;
    lifecycle?: EstateLifecycle;
    copyActions?: { destinationVaultArn: string; lifecycle?: EstateLifecycle }[];
  }[];
  advancedBackupSettings?: { resourceType: string; backupOptions: Record<string, string> }[];
  selections?: EstateBackupSelection[];
}

export interface EstateBackupSelection {
  /** Default derived from the name. */
  id?: string;
  name: string;
  iamRoleArn?: string;
  resources?: string[];
  notResources?: string[];
  /** Tag conditions, any one of which selects (ConditionType STRINGEQUALS). */
  listOfTags?: { type?: string; key: string; value: string }[];
  conditions?: {
    stringEquals?: KeyValue[];
    stringNotEquals?: KeyValue[];
    stringLike?: KeyValue[];
    stringNotLike?: KeyValue[];
  };
}

export interface EstateVault {
  name: string;
  /** A KMS key ARN; with one the key type defaults to CUSTOMER_MANAGED, without to AWS_OWNED. */
  encryptionKeyArn?: string;
  encryptionKeyType?: string;
  locked?: boolean;
  minRetentionDays?: number;
  maxRetentionDays?: number;
  lockDate?: When;
  /** The vault access policy: a policy document (object) or its JSON text. */
  accessPolicy?: unknown;
  recoveryPoints?: EstateRecoveryPoint[];
}

export interface EstateRecoveryPoint {
  /** Default derived from the position; names the recovery point in restore jobs. */
  id?: string;
  /** ARN of the protected resource. */
  resource: string;
  /** Default from the ARN: RDS for a DB instance, Aurora for a cluster. */
  resourceType?: string;
  status?: string;
  createdAt: When;
  completedAt?: When;
  continuous?: boolean;
  /** Backup plan id (or name) that created it. */
  backupPlan?: string;
  deleteAfterDays?: number;
}

export interface EstateRestoreTestingPlan {
  name: string;
  schedule?: string;
  scheduleTimezone?: string;
  startWindowHours?: number;
  selections?: {
    name: string;
    /** Default RDS. */
    resourceType?: string;
    /** Default ["*"]. */
    resourceArns?: string[];
    conditions?: { stringEquals?: KeyValue[]; stringNotEquals?: KeyValue[] };
    validationWindowHours?: number;
    iamRoleArn?: string;
  }[];
}

export interface EstateRestoreJob {
  id: string;
  /** Default COMPLETED. */
  status?: string;
  validationStatus?: string;
  validationMessage?: string;
  /** Name of the restore testing plan (in this region) that started the job. */
  restoreTestingPlan?: string;
  /** A recovery point ARN, or the id of a recovery point in this region. */
  recoveryPoint: string;
  recoveryPointCreatedAt?: When;
  resourceType?: string;
  sourceResourceArn?: string;
  createdResourceArn?: string;
  createdAt: When;
  completedAt?: When;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Resolves a When against the simulator's clock; throws on anything else. */
export function resolveWhen(when: When, now: Date): Date {
  if (when === 'now') return new Date(now);
  const rel = /^([+-])(\d+(?:\.\d+)?)([mhd])$/.exec(when);
  if (rel) {
    const ms = Number(rel[2]) * (UNIT_MS[rel[3] as string] as number);
    return new Date(now.getTime() + (rel[1] === '-' ? -ms : ms));
  }
  const t = Date.parse(when);
  if (Number.isNaN(t)) throw new Error(`estate: not a time: ${JSON.stringify(when)}`);
  return new Date(t);
}
