// The simulator's AWS Backup: the operations the collectors call, over restJson1 (GET + path labels and
// query parameters in, JSON with epoch-second timestamps out), with NextToken/MaxResults pagination.
// Paths, query names and fields follow the SDK's Backup model (@aws-sdk/client-backup).
import { arn, type PageLimits, paginate, type SimCall, SimError, stableId } from './common.js';
import { type EstateLifecycle, type KeyValue, type RegionEstate, resolveWhen } from './estate.js';

type Json = Record<string, unknown>;

/** Method + path template → operation; `{Label}` segments become SimCall.labels. */
export const BACKUP_ROUTES: [string, string][] = [
  ['/backup/plans', 'ListBackupPlans'],
  ['/backup/plans/{BackupPlanId}', 'GetBackupPlan'],
  ['/backup/plans/{BackupPlanId}/selections', 'ListBackupSelections'],
  ['/backup/plans/{BackupPlanId}/selections/{SelectionId}', 'GetBackupSelection'],
  ['/backup-vaults', 'ListBackupVaults'],
  ['/backup-vaults/{BackupVaultName}', 'DescribeBackupVault'],
  ['/backup-vaults/{BackupVaultName}/access-policy', 'GetBackupVaultAccessPolicy'],
  ['/backup-vaults/{BackupVaultName}/recovery-points', 'ListRecoveryPointsByBackupVault'],
  ['/resources', 'ListProtectedResources'],
  ['/restore-testing/plans', 'ListRestoreTestingPlans'],
  ['/restore-testing/plans/{RestoreTestingPlanName}', 'GetRestoreTestingPlan'],
  ['/restore-testing/plans/{RestoreTestingPlanName}/selections', 'ListRestoreTestingSelections'],
  [
    '/restore-testing/plans/{RestoreTestingPlanName}/selections/{RestoreTestingSelectionName}',
    'GetRestoreTestingSelection',
  ],
  ['/restore-jobs', 'ListRestoreJobs'],
];

/** The operation and labels of a GET path, or undefined. */
export function matchBackupRoute(
  path: string,
): { operation: string; labels: Record<string, string> } | undefined {
  const parts = path.replace(/\/+$/, '').split('/');
  for (const [template, operation] of BACKUP_ROUTES) {
    const t = template.split('/');
    if (t.length !== parts.length) continue;
    const labels: Record<string, string> = {};
    const ok = t.every((seg, i) => {
      const got = parts[i] as string;
      if (seg.startsWith('{')) {
        labels[seg.slice(1, -1)] = decodeURIComponent(got);
        return got.length > 0;
      }
      return seg === got;
    });
    if (ok) return { operation, labels };
  }
  return undefined;
}

const epoch = (d: Date | undefined) => (d === undefined ? undefined : d.getTime() / 1000);
const lifecycle = (l: EstateLifecycle | undefined) =>
  l && { DeleteAfterDays: l.deleteAfterDays, MoveToColdStorageAfterDays: l.moveToColdStorageAfterDays };
const params = (kv: KeyValue[] | undefined) =>
  (kv ?? []).map((c) => ({ ConditionKey: c.key, ConditionValue: c.value }));
const keyValues = (kv: KeyValue[] | undefined) => (kv ?? []).map((c) => ({ Key: c.key, Value: c.value }));

interface Listed {
  list: Json;
  get: Json;
}
export interface BackupView {
  plans: (Listed & { id: string; selections: (Listed & { id: string })[] })[];
  vaults: (Listed & { name: string; policy?: string; recoveryPoints: Json[] })[];
  protectedResources: Json[];
  restoreTestingPlans: (Listed & { name: string; selections: (Listed & { name: string })[] })[];
  restoreJobs: { created: Date; status: string; planArn?: string; json: Json }[];
}

/** The AWS Backup resources of one account and region, shaped as the API returns them. */
export function backupView(est: RegionEstate, account: string, region: string, now: Date): BackupView {
  const at = (w: string | undefined) => (w === undefined ? undefined : resolveWhen(w, now));
  const created = epoch(resolveWhen('-200d', now));
  const planId = (name: string, id?: string) => id ?? `${stableId(`plan/${name}`, 8)}-${stableId(name, 4)}`;
  const plans = (est.backupPlans ?? []).map((p) => {
    const id = planId(p.name, p.id);
    const planArn = arn.backup(region, account, 'backup-plan', id);
    const versionId = p.versionId ?? stableId(`${id}/v1`, 32);
    const advanced = p.advancedBackupSettings?.map((a) => ({
      ResourceType: a.resourceType,
      BackupOptions: a.backupOptions,
    }));
    const head = { BackupPlanArn: planArn, BackupPlanId: id, CreationDate: created, VersionId: versionId };
    return {
      id,
      list: { ...head, BackupPlanName: p.name, AdvancedBackupSettings: advanced },
      get: {
        ...head,
        AdvancedBackupSettings: advanced,
        BackupPlan: {
          BackupPlanName: p.name,
          AdvancedBackupSettings: advanced,
          Rules: p.rules.map((r) => ({
            RuleName: r.name,
            RuleId: stableId(`${id}/${r.name}`, 32),
            TargetBackupVaultName: r.vault,
            ScheduleExpression: r.schedule,
            ScheduleExpressionTimezone: r.scheduleTimezone,
            StartWindowMinutes: r.startWindowMinutes ?? 480,
            CompletionWindowMinutes: r.completionWindowMinutes ?? 10080,
            EnableContinuousBackup: r.continuousBackup ?? false,
            Lifecycle: lifecycle(r.lifecycle),
            CopyActions: (r.copyActions ?? []).map((c) => ({
              DestinationBackupVaultArn: c.destinationVaultArn,
              Lifecycle: lifecycle(c.lifecycle),
            })),
          })),
        },
      },
      selections: (p.selections ?? []).map((s) => {
        const sid = s.id ?? stableId(`${id}/${s.name}`, 32);
        const head = {
          SelectionId: sid,
          BackupPlanId: id,
          CreationDate: created,
        };
        const role = s.iamRoleArn ?? `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
        return {
          id: sid,
          list: { ...head, SelectionName: s.name, IamRoleArn: role },
          get: {
            ...head,
            BackupSelection: {
              SelectionName: s.name,
              IamRoleArn: role,
              Resources: s.resources ?? [],
              NotResources: s.notResources ?? [],
              ListOfTags: (s.listOfTags ?? []).map((t) => ({
                ConditionType: t.type ?? 'STRINGEQUALS',
                ConditionKey: t.key,
                ConditionValue: t.value,
              })),
              Conditions: {
                StringEquals: params(s.conditions?.stringEquals),
                StringNotEquals: params(s.conditions?.stringNotEquals),
                StringLike: params(s.conditions?.stringLike),
                StringNotLike: params(s.conditions?.stringNotLike),
              },
            },
          },
        };
      }),
    };
  });
  const planByRef = new Map(
    plans.flatMap((p, i) => [[p.id, p] as const, [est.backupPlans?.[i]?.name, p] as const]),
  );

  const rpArns = new Map<string, string>();
  const latest = new Map<string, Json & { at: number }>();
  const vaults = (est.vaults ?? []).map((v) => {
    const vaultArn = arn.backup(region, account, 'backup-vault', v.name);
    const recoveryPoints = (v.recoveryPoints ?? []).map((rp, n) => {
      const id = rp.id ?? `${v.name}-${n + 1}`;
      const cluster = rp.resource.includes(':cluster:');
      const job = stableId(`${account}/${region}/${v.name}/${id}`, 32);
      const job36 = `${job.slice(0, 8)}-${job.slice(8, 12)}-${job.slice(12, 16)}-${job.slice(16, 20)}-${job.slice(20)}`;
      const rpArn = rp.continuous
        ? arn.backup(region, account, 'recovery-point', `continuous:${job.slice(0, 20)}`)
        : `arn:aws:rds:${region}:${account}:${cluster ? 'cluster-snapshot' : 'snapshot'}:awsbackup:job-${job36}`;
      rpArns.set(id, rpArn);
      const plan = rp.backupPlan ? planByRef.get(rp.backupPlan) : undefined;
      const createdAt = resolveWhen(rp.createdAt, now);
      const status = rp.status ?? 'COMPLETED';
      const type = rp.resourceType ?? (cluster ? 'Aurora' : 'RDS');
      const json: Json = {
        RecoveryPointArn: rpArn,
        BackupVaultName: v.name,
        BackupVaultArn: vaultArn,
        ResourceArn: rp.resource,
        ResourceType: type,
        ResourceName: rp.resource.split(':').pop(),
        CreatedBy: plan && { BackupPlanId: plan.id, BackupPlanArn: plan.list.BackupPlanArn },
        Status: status,
        CreationDate: epoch(createdAt),
        CompletionDate: epoch(at(rp.completedAt) ?? new Date(createdAt.getTime() + 20 * 60_000)),
        IsEncrypted: true,
        Lifecycle: rp.deleteAfterDays === undefined ? undefined : { DeleteAfterDays: rp.deleteAfterDays },
        VaultType: 'BACKUP_VAULT',
      };
      const prev = latest.get(rp.resource);
      if (status === 'COMPLETED' && (!prev || prev.at < createdAt.getTime())) {
        latest.set(rp.resource, {
          at: createdAt.getTime(),
          ResourceArn: rp.resource,
          ResourceType: type,
          ResourceName: json.ResourceName,
          LastBackupTime: epoch(createdAt),
          LastBackupVaultArn: vaultArn,
          LastRecoveryPointArn: rpArn,
        });
      }
      return json;
    });
    const key = v.encryptionKeyArn;
    const head: Json = {
      BackupVaultName: v.name,
      BackupVaultArn: vaultArn,
      VaultType: 'BACKUP_VAULT',
      VaultState: 'AVAILABLE',
      CreationDate: created,
      EncryptionKeyArn: key,
      EncryptionKeyType: v.encryptionKeyType ?? (key ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY'),
      NumberOfRecoveryPoints: recoveryPoints.length,
      Locked: v.locked ?? false,
      MinRetentionDays: v.minRetentionDays,
      MaxRetentionDays: v.maxRetentionDays,
      LockDate: epoch(at(v.lockDate)),
    };
    const policy =
      v.accessPolicy === undefined
        ? undefined
        : typeof v.accessPolicy === 'string'
          ? v.accessPolicy
          : JSON.stringify(v.accessPolicy);
    return { name: v.name, list: head, get: head, policy, recoveryPoints };
  });

  const rtps = (est.restoreTestingPlans ?? []).map((p) => {
    const planArn = arn.backup(region, account, 'restore-testing-plan', `${p.name}-${stableId(p.name, 12)}`);
    const head = {
      CreationTime: created,
      RestoreTestingPlanArn: planArn,
      RestoreTestingPlanName: p.name,
      ScheduleExpression: p.schedule ?? 'cron(0 5 ? * * *)',
      ScheduleExpressionTimezone: p.scheduleTimezone ?? 'Etc/UTC',
      StartWindowHours: p.startWindowHours ?? 24,
    };
    return {
      name: p.name,
      list: head,
      get: { RestoreTestingPlan: head },
      selections: (p.selections ?? []).map((s) => {
        const sel = {
          CreationTime: created,
          IamRoleArn: s.iamRoleArn ?? `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`,
          ProtectedResourceType: s.resourceType ?? 'RDS',
          RestoreTestingPlanName: p.name,
          RestoreTestingSelectionName: s.name,
          ValidationWindowHours: s.validationWindowHours,
        };
        return {
          name: s.name,
          list: sel,
          get: {
            RestoreTestingSelection: {
              ...sel,
              ProtectedResourceArns: s.resourceArns ?? ['*'],
              ProtectedResourceConditions: {
                StringEquals: keyValues(s.conditions?.stringEquals),
                StringNotEquals: keyValues(s.conditions?.stringNotEquals),
              },
            },
          },
        };
      }),
    };
  });
  const rtpArn = new Map(rtps.map((p) => [p.name, p.list.RestoreTestingPlanArn]));

  const restoreJobs = (est.restoreJobs ?? []).map((j) => {
    const createdAt = resolveWhen(j.createdAt, now);
    const status = j.status ?? 'COMPLETED';
    const planArn = j.restoreTestingPlan ? rtpArn.get(j.restoreTestingPlan) : undefined;
    const recoveryPointArn = j.recoveryPoint.startsWith('arn:')
      ? j.recoveryPoint
      : rpArns.get(j.recoveryPoint);
    if (!recoveryPointArn)
      throw new Error(`estate: restore job ${j.id}: unknown recovery point ${j.recoveryPoint}`);
    return {
      created: createdAt,
      status,
      planArn,
      json: {
        AccountId: account,
        RestoreJobId: j.id,
        RecoveryPointArn: recoveryPointArn,
        SourceResourceArn: j.sourceResourceArn,
        CreationDate: epoch(createdAt),
        CompletionDate: epoch(
          at(j.completedAt) ??
            (status === 'COMPLETED' ? new Date(createdAt.getTime() + 45 * 60_000) : undefined),
        ),
        Status: status,
        PercentDone: status === 'COMPLETED' ? '100.00%' : '0.00%',
        IamRoleArn: `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`,
        CreatedResourceArn: j.createdResourceArn,
        ResourceType: j.resourceType ?? (recoveryPointArn.includes(':cluster-snapshot:') ? 'Aurora' : 'RDS'),
        RecoveryPointCreationDate: epoch(at(j.recoveryPointCreatedAt)),
        CreatedBy: planArn ? { RestoreTestingPlanArn: planArn } : undefined,
        ValidationStatus: j.validationStatus,
        ValidationStatusMessage: j.validationMessage,
      },
    };
  });
  restoreJobs.sort((a, b) => b.created.getTime() - a.created.getTime());

  return {
    plans,
    vaults,
    protectedResources: [...latest.values()].map(({ at: _, ...rest }) => rest),
    restoreTestingPlans: rtps,
    restoreJobs,
  };
}

const LIMITS: PageLimits = {
  min: 1,
  max: 1000,
  default: 100,
  sizeParam: 'MaxResults',
  invalidCode: 'InvalidParameterValueException',
};

function notFound(what: string): SimError {
  return new SimError(400, 'ResourceNotFoundException', `${what} not found.`);
}

function page(call: SimCall, items: Json[], key: string, capitalised = false): Json {
  const token = call.params.get(capitalised ? 'NextToken' : 'nextToken');
  const size = call.params.get(capitalised ? 'MaxResults' : 'maxResults');
  const { page, next } = paginate(items, token, size, LIMITS);
  return { [key]: page, NextToken: next };
}

function timeParam(call: SimCall, name: string): number | undefined {
  const v = call.params.get(name);
  if (v === null) return undefined;
  const t = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (Number.isNaN(t)) throw new SimError(400, 'InvalidParameterValueException', `Invalid ${name}: ${v}`);
  return t;
}

/** Answers one AWS Backup operation with its JSON body. */
export function handleBackup(call: SimCall, view: BackupView): Json {
  const l = call.labels;
  const plan = () => view.plans.find((p) => p.id === l.BackupPlanId) ?? raise(notFound('Backup plan'));
  const vault = () =>
    view.vaults.find((v) => v.name === l.BackupVaultName) ?? raise(notFound('Backup vault'));
  const rtp = () =>
    view.restoreTestingPlans.find((p) => p.name === l.RestoreTestingPlanName) ??
    raise(notFound('Restore testing plan'));
  switch (call.operation) {
    case 'ListBackupPlans':
      return page(
        call,
        view.plans.map((p) => p.list),
        'BackupPlansList',
      );
    case 'GetBackupPlan':
      return plan().get;
    case 'ListBackupSelections':
      return page(
        call,
        plan().selections.map((s) => s.list),
        'BackupSelectionsList',
      );
    case 'GetBackupSelection':
      return (plan().selections.find((s) => s.id === l.SelectionId) ?? raise(notFound('Backup selection')))
        .get;
    case 'ListBackupVaults':
      return page(
        call,
        view.vaults.map((v) => v.list),
        'BackupVaultList',
      );
    case 'DescribeBackupVault':
      return vault().get;
    case 'GetBackupVaultAccessPolicy': {
      const v = vault();
      if (v.policy === undefined) throw notFound('Backup vault access policy');
      return { BackupVaultName: v.name, BackupVaultArn: v.list.BackupVaultArn, Policy: v.policy };
    }
    case 'ListRecoveryPointsByBackupVault':
      return page(call, vault().recoveryPoints, 'RecoveryPoints');
    case 'ListProtectedResources':
      return page(call, view.protectedResources, 'Results');
    case 'ListRestoreTestingPlans':
      return page(
        call,
        view.restoreTestingPlans.map((p) => p.list),
        'RestoreTestingPlans',
        true,
      );
    case 'GetRestoreTestingPlan':
      return rtp().get;
    case 'ListRestoreTestingSelections':
      return page(
        call,
        rtp().selections.map((s) => s.list),
        'RestoreTestingSelections',
        true,
      );
    case 'GetRestoreTestingSelection':
      return (
        rtp().selections.find((s) => s.name === l.RestoreTestingSelectionName) ??
        raise(notFound('Restore testing selection'))
      ).get;
    case 'ListRestoreJobs': {
      const after = timeParam(call, 'createdAfter');
      const before = timeParam(call, 'createdBefore');
      const status = call.params.get('status');
      const planArn = call.params.get('restoreTestingPlanArn');
      const jobs = view.restoreJobs.filter(
        (j) =>
          (after === undefined || j.created.getTime() >= after) &&
          (before === undefined || j.created.getTime() <= before) &&
          (status === null || j.status === status) &&
          (planArn === null || j.planArn === planArn),
      );
      return page(
        call,
        jobs.map((j) => j.json),
        'RestoreJobs',
      );
    }
    default:
      throw new SimError(404, 'UnknownOperationException', `Unknown operation ${call.operation}`);
  }
}

function raise(e: SimError): never {
  throw e;
}
