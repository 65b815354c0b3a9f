// The registry: every check, explicitly, sorted by id. A guard test keeps it in step with the files.
import type { Check } from '../src/kit/define.js';
import awsBackupPlanFrequency from './aws.backup.plan-frequency.js';
import awsBackupRecoveryPointAge from './aws.backup.recovery-point-age.js';
import awsBackupResourcesProtected from './aws.backup.resources-protected.js';
import awsBackupRestoreTested from './aws.backup.restore-tested.js';
import awsBackupRestoreTime from './aws.backup.restore-time.js';
import awsBackupVaultProtection from './aws.backup.vault-protection.js';
import awsRdsBackupRetention from './aws.rds.backup-retention.js';
import awsRdsFictionalData from './aws.rds.fictional-data.js';
import awsRdsMaintenanceWindow from './aws.rds.maintenance-window.js';
import awsRdsResilience from './aws.rds.resilience.js';
import awsResidencyDataLocation from './aws.residency.data-location.js';
import configOrderFormDeclared from './config.order-form-declared.js';
import githubBranchProtection from './github.branch-protection.js';
import githubEnvironmentProtection from './github.environment-protection.js';
import githubSecurityFeatures from './github.security-features.js';
import httpStatusPageLive from './http.status-page.live.js';
import repoContentAssertions from './repo.content-assertions.js';
import repoFilesPresent from './repo.files-present.js';
import repoStructuredAssertions from './repo.structured-assertions.js';

export const CHECKS: readonly Check[] = [
  awsBackupPlanFrequency,
  awsBackupRecoveryPointAge,
  awsBackupResourcesProtected,
  awsBackupRestoreTested,
  awsBackupRestoreTime,
  awsBackupVaultProtection,
  awsRdsBackupRetention,
  awsRdsFictionalData,
  awsRdsMaintenanceWindow,
  awsRdsResilience,
  awsResidencyDataLocation,
  configOrderFormDeclared,
  githubBranchProtection,
  githubEnvironmentProtection,
  githubSecurityFeatures,
  httpStatusPageLive,
  repoContentAssertions,
  repoFilesPresent,
  repoStructuredAssertions,
];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): Check | undefined {
  return byId.get(id);
}

export function checkIds(): string[] {
  return CHECKS.map((c) => c.id);
}
