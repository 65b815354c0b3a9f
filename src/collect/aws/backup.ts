// Readers for the AWS Backup facts of one (account, region): plans (rules, copy actions, advanced
// settings), selections in full, vaults (key, lock, access policy), protected resources, recovery points
// per vault, restore testing plans with their selections, and restore jobs in the window checks need.
// The plan and vault lists are shared by two facts each.
import {
  type BackupPlansListMember,
  GetBackupPlanCommand,
  type GetBackupPlanOutput,
  GetBackupSelectionCommand,
  GetBackupVaultAccessPolicyCommand,
  GetRestoreTestingSelectionCommand,
  type Lifecycle,
  paginateListBackupPlans,
  paginateListBackupSelections,
  paginateListBackupVaults,
  paginateListProtectedResources,
  paginateListRecoveryPointsByBackupVault,
  paginateListRestoreJobs,
  paginateListRestoreTestingPlans,
  paginateListRestoreTestingSelections,
} from '@aws-sdk/client-backup';
import { withOp } from './errors.js';
import { BACKUP_PAGE, compact, drain, each, iso, need, type Partition, type Reader } from './partition.js';

/** Days of restore jobs read when no enabled policy says how many it needs. */
export const DEFAULT_RESTORE_JOB_WINDOW_DAYS = 30;

const pager = (p: Partition) => ({ client: p.backup, pageSize: BACKUP_PAGE, stopOnSameToken: true });

const planList = (p: Partition) =>
  p.once('backup:ListBackupPlans', () =>
    drain(paginateListBackupPlans(pager(p), {}), (page) => page.BackupPlansList),
  );
const vaultList = (p: Partition) =>
  p.once('backup:ListBackupVaults', () =>
    drain(paginateListBackupVaults(pager(p), {}), (page) => page.BackupVaultList),
  );

const lifecycle = (l: Lifecycle | undefined) =>
  l &&
  compact({ deleteAfterDays: l.DeleteAfterDays, moveToColdStorageAfterDays: l.MoveToColdStorageAfterDays });

const plans: Reader<'aws.backup.plans'> = async (p) =>
  each(await planList(p), async (item) => {
    const id = withOp('backup:ListBackupPlans', () => need(item.BackupPlanId, 'BackupPlanId'));
    const out = await p.backup.send(new GetBackupPlanCommand({ BackupPlanId: id }));
    return withOp('backup:GetBackupPlan', () => toPlan(p, item, id, out));
  });

function toPlan(p: Partition, item: BackupPlansListMember, id: string, out: GetBackupPlanOutput) {
  const plan = need(out.BackupPlan, 'BackupPlan');
  const advanced = plan.AdvancedBackupSettings ?? out.AdvancedBackupSettings;
  return compact({
    account: p.account,
    region: p.region,
    arn: need(out.BackupPlanArn ?? item.BackupPlanArn, 'BackupPlanArn'),
    id,
    name: plan.BackupPlanName ?? item.BackupPlanName ?? '',
    versionId: out.VersionId ?? item.VersionId,
    rules: (plan.Rules ?? []).map((r) =>
      compact({
        name: r.RuleName ?? '',
        targetVault: r.TargetBackupVaultName ?? '',
        schedule: r.ScheduleExpression,
        scheduleTimezone: r.ScheduleExpressionTimezone,
        startWindowMinutes: r.StartWindowMinutes,
        completionWindowMinutes: r.CompletionWindowMinutes,
        continuousBackup: r.EnableContinuousBackup ?? false,
        lifecycle: lifecycle(r.Lifecycle),
        copyActions: (r.CopyActions ?? []).map((c) =>
          compact({
            destinationVaultArn: need(c.DestinationBackupVaultArn, 'DestinationBackupVaultArn'),
            lifecycle: lifecycle(c.Lifecycle),
          }),
        ),
      }),
    ),
    advancedBackupSettings: advanced?.length
      ? advanced.map((a) => ({ resourceType: a.ResourceType ?? '', backupOptions: a.BackupOptions ?? {} }))
      : undefined,
  });
}

const selections: Reader<'aws.backup.selections'> = async (p) => {
  const perPlan = await each(await planList(p), async (item) => {
    const planId = withOp('backup:ListBackupPlans', () => need(item.BackupPlanId, 'BackupPlanId'));
    const listed = await drain(
      paginateListBackupSelections(pager(p), { BackupPlanId: planId }),
      (page) => page.BackupSelectionsList,
    );
    return each(listed, async (s) => {
      const selectionId = withOp('backup:ListBackupSelections', () => need(s.SelectionId, 'SelectionId'));
      const out = await p.backup.send(
        new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: selectionId }),
      );
      const sel = withOp('backup:GetBackupSelection', () => need(out.BackupSelection, 'BackupSelection'));
      const kv = (list: { ConditionKey?: string; ConditionValue?: string }[] | undefined) =>
        (list ?? []).map((c) => ({ key: c.ConditionKey ?? '', value: c.ConditionValue ?? '' }));
      return compact({
        account: p.account,
        region: p.region,
        planId,
        selectionId,
        name: sel.SelectionName ?? s.SelectionName ?? '',
        iamRoleArn: sel.IamRoleArn,
        resources: sel.Resources ?? [],
        notResources: sel.NotResources ?? [],
        listOfTags: (sel.ListOfTags ?? []).map((t) => ({
          type: t.ConditionType ?? 'STRINGEQUALS',
          key: t.ConditionKey ?? '',
          value: t.ConditionValue ?? '',
        })),
        conditions: {
          stringEquals: kv(sel.Conditions?.StringEquals),
          stringNotEquals: kv(sel.Conditions?.StringNotEquals),
          stringLike: kv(sel.Conditions?.StringLike),
          stringNotLike: kv(sel.Conditions?.StringNotLike),
        },
      });
    });
  });
  return perPlan.flat();
};

const vaults: Reader<'aws.backup.vaults'> = async (p) =>
  each(await vaultList(p), async (v) => {
    const name = withOp('backup:ListBackupVaults', () => need(v.BackupVaultName, 'BackupVaultName'));
    const arn = withOp('backup:ListBackupVaults', () => need(v.BackupVaultArn, 'BackupVaultArn'));
    let accessPolicy: string | undefined;
    try {
      const out = await p.backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: name }));
      accessPolicy = out.Policy;
    } catch (err) {
      // A vault without an access policy answers ResourceNotFoundException: that is "no policy", not a fault.
      if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    }
    return compact({
      account: p.account,
      region: p.region,
      arn,
      name,
      encryptionKeyArn: v.EncryptionKeyArn,
      encryptionKeyType: v.EncryptionKeyType,
      locked: v.Locked ?? false,
      minRetentionDays: v.MinRetentionDays,
      maxRetentionDays: v.MaxRetentionDays,
      lockDate: iso(v.LockDate),
      accessPolicy,
    });
  });

const protectedResources: Reader<'aws.backup.protectedResources'> = (p) =>
  drain(paginateListProtectedResources(pager(p), {}), (page) => page.Results, {
    operation: 'backup:ListProtectedResources',
    item: (r) =>
      compact({
        account: p.account,
        region: p.region,
        resourceArn: need(r.ResourceArn, 'ResourceArn'),
        resourceType: r.ResourceType ?? '',
        lastBackupTime: iso(r.LastBackupTime),
        lastBackupVaultArn: r.LastBackupVaultArn,
        lastRecoveryPointArn: r.LastRecoveryPointArn,
      }),
  });

const recoveryPoints: Reader<'aws.backup.recoveryPoints'> = async (p) => {
  const perVault = await each(await vaultList(p), async (v) => {
    const name = withOp('backup:ListBackupVaults', () => need(v.BackupVaultName, 'BackupVaultName'));
    return drain(
      paginateListRecoveryPointsByBackupVault(pager(p), { BackupVaultName: name }),
      (page) => page.RecoveryPoints,
      {
        operation: 'backup:ListRecoveryPointsByBackupVault',
        item: (r) => {
          const arn = need(r.RecoveryPointArn, 'RecoveryPointArn');
          return compact({
            account: p.account,
            region: p.region,
            arn,
            vaultName: r.BackupVaultName ?? name,
            resourceArn: r.ResourceArn ?? '',
            resourceType: r.ResourceType ?? '',
            status: r.Status ?? '',
            creationDate: need(iso(r.CreationDate), 'CreationDate'),
            completionDate: iso(r.CompletionDate),
            continuous: arn.includes(':recovery-point:continuous:'),
            backupPlanId: r.CreatedBy?.BackupPlanId,
          });
        },
      },
    );
  });
  return perVault.flat();
};

const restoreTestingPlans: Reader<'aws.backup.restoreTestingPlans'> = async (p) => {
  const list = await drain(paginateListRestoreTestingPlans(pager(p), {}), (page) => page.RestoreTestingPlans);
  return each(list, async (plan) => {
    const [name, arn] = withOp('backup:ListRestoreTestingPlans', () => [
      need(plan.RestoreTestingPlanName, 'RestoreTestingPlanName'),
      need(plan.RestoreTestingPlanArn, 'RestoreTestingPlanArn'),
    ]);
    const listed = await drain(
      paginateListRestoreTestingSelections(pager(p), { RestoreTestingPlanName: name }),
      (page) => page.RestoreTestingSelections,
    );
    const selections = await each(listed, async (s) => {
      const out = await p.backup.send(
        new GetRestoreTestingSelectionCommand({
          RestoreTestingPlanName: name,
          RestoreTestingSelectionName: withOp('backup:ListRestoreTestingSelections', () =>
            need(s.RestoreTestingSelectionName, 'RestoreTestingSelectionName'),
          ),
        }),
      );
      const sel = withOp('backup:GetRestoreTestingSelection', () =>
        need(out.RestoreTestingSelection, 'RestoreTestingSelection'),
      );
      const kv = (list: { Key?: string; Value?: string }[] | undefined) =>
        (list ?? []).map((c) => ({ key: c.Key ?? '', value: c.Value ?? '' }));
      return compact({
        name: sel.RestoreTestingSelectionName ?? '',
        protectedResourceType: sel.ProtectedResourceType ?? '',
        protectedResourceArns: sel.ProtectedResourceArns ?? [],
        protectedResourceConditions: {
          stringEquals: kv(sel.ProtectedResourceConditions?.StringEquals),
          stringNotEquals: kv(sel.ProtectedResourceConditions?.StringNotEquals),
        },
        validationWindowHours: sel.ValidationWindowHours,
      });
    });
    return compact({
      account: p.account,
      region: p.region,
      arn,
      name,
      schedule: plan.ScheduleExpression,
      scheduleTimezone: plan.ScheduleExpressionTimezone,
      startWindowHours: plan.StartWindowHours,
      selections,
    });
  });
};

const restoreJobs: Reader<'aws.backup.restoreJobs'> = (p) => {
  const days = p.needs.restoreJobWindowDays ?? DEFAULT_RESTORE_JOB_WINDOW_DAYS;
  const after = new Date(p.now.getTime() - days * 86_400_000);
  return drain(paginateListRestoreJobs(pager(p), { ByCreatedAfter: after }), (page) => page.RestoreJobs, {
    operation: 'backup:ListRestoreJobs',
    item: (j) =>
      compact({
        account: p.account,
        region: p.region,
        jobId: need(j.RestoreJobId, 'RestoreJobId'),
        status: j.Status ?? '',
        validationStatus: j.ValidationStatus,
        validationMessage: j.ValidationStatusMessage,
        restoreTestingPlanArn: j.CreatedBy?.RestoreTestingPlanArn,
        recoveryPointArn: j.RecoveryPointArn ?? '',
        sourceResourceArn: j.SourceResourceArn,
        recoveryPointCreationDate: iso(j.RecoveryPointCreationDate),
        resourceType: j.ResourceType,
        createdResourceArn: j.CreatedResourceArn,
        creationDate: need(iso(j.CreationDate), 'CreationDate'),
        completionDate: iso(j.CompletionDate),
      }),
  });
};

export const BACKUP_READERS = {
  'aws.backup.plans': plans,
  'aws.backup.selections': selections,
  'aws.backup.vaults': vaults,
  'aws.backup.protectedResources': protectedResources,
  'aws.backup.recoveryPoints': recoveryPoints,
  'aws.backup.restoreTestingPlans': restoreTestingPlans,
  'aws.backup.restoreJobs': restoreJobs,
};
