// A report with a bit of everything — two stages, a waived, an expired waiver, a collection error, an
// identity — and a resource whose name tries to break out of every output format.
import retention from '../../checks/aws.rds.backup-retention.js';
import { evaluate } from '../../src/engine/index.js';
import { DEFAULT_THRESHOLDS, type Inputs, type LoadedWaiver } from '../../src/engine/inputs.js';
import {
  factError,
  loadedPolicy,
  rdsInstance,
  snapshotOf,
  target,
  targetSnapshot,
} from '../../src/kit/builders.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/model.js';

export const HOSTILE =
  'evil<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">]]>|x\n::error::pwned\u001b[31mred%0A';

const waiver = (index: number, resource: string, expires: string): LoadedWaiver => ({
  waiver: {
    policy: 'backups.retention',
    target: 'acme-prod',
    resource,
    reason: `Rebuilt nightly ${resource}`,
    owner: 'dba@acme.example',
    approver: 'ciso@thesmios.example',
    ticket: `SEC-${index}`,
    expires,
  },
  index,
  at: { file: 'waivers.yaml', line: 2 + index * 8, col: 5 },
});

export function hostileReport(): Report {
  const inputs: Inputs = {
    targets: [target(), target({ name: 'acme-beta', stage: 'private-beta' })],
    policies: [
      loadedPolicy(retention, { minRetentionDays: 35, readReplicas: 'skip' }, ['acme-prod'], {
        id: 'backups.retention',
        title: 'Backups kept as long as the order form says',
        controls: ['SL-BACKUPS'],
        stages: ['production-enterprise'],
        remediation: 'Raise BackupRetentionPeriod.',
      }),
      {
        ...loadedPolicy(retention, { minRetentionDays: 7, readReplicas: 'skip' }, ['acme-beta'], {
          id: 'backups.retention-beta',
          title: 'Beta backups kept a week',
          controls: ['SL-BACKUPS', 'SL-BETA'],
          stages: ['private-beta'],
        }),
        at: { file: 'policies/beta backups.yaml', line: 3, col: 1 },
      },
    ],
    waivers: [waiver(0, 'reporting-*', '2027-03-31'), waiver(1, 'legacy-*', '2026-10-01')],
    thresholds: DEFAULT_THRESHOLDS,
  };
  inputs.policies[0]!.at = { file: 'policies/backups.yaml', line: 4, col: 1 };
  const snapshot = snapshotOf([
    targetSnapshot(
      'acme-prod',
      {
        'aws.rds.instances': [
          rdsInstance({ id: 'orders-db', backupRetentionDays: 1 }),
          rdsInstance({ id: HOSTILE, backupRetentionDays: 0 }),
          rdsInstance({ id: 'reporting-copy', backupRetentionDays: 1 }),
          rdsInstance({ id: 'legacy-crm', backupRetentionDays: 3 }),
          rdsInstance({ id: 'billing-db', backupRetentionDays: 35 }),
        ],
        'aws.rds.clusters': [],
        'aws.identity': [
          {
            account: '111111111111',
            arn: 'arn:aws:sts::111111111111:assumed-role/readiness-read/run',
            userId: 'AROA:run',
            region: 'eu-west-2',
          },
        ],
      },
      [factError({ fact: 'aws.rds.instances', account: '222222222222', code: 'AccessDenied' })],
    ),
    targetSnapshot('acme-beta', {
      'aws.rds.instances': [rdsInstance({ id: 'beta-db', backupRetentionDays: 7 })],
      'aws.rds.clusters': [],
    }),
  ]);
  return buildReport({
    inputs,
    evaluation: evaluate(inputs, snapshot),
    snapshot,
    run: {
      id: 'run-1',
      startedAt: '2026-11-29T12:00:00.000Z',
      finishedAt: '2026-11-29T12:00:05.000Z',
      mode: 'live',
    },
    configFile: 'readiness.yaml',
    digests: { 'readiness.yaml': 'sha256:00aa', 'policies/backups.yaml': 'sha256:11bb' },
  });
}
