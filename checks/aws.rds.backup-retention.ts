// SL-BACKUPS: "Managed backups ... are required before production enterprise rollout." Automated backups
// must be on for every in-scope DB instance and cluster and kept at least as long as the order form says.
//
//   - id: thesmios.backups.rds-retention
//     check: aws.rds.backup-retention
//     options: { minRetentionDays: '${target.orderForm.backupRetentionDays}', readReplicas: skip }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { SUBJECT_MESSAGES, subjects } from '../src/lib/protection.js';
import { Type } from '../src/util/typebox.js';

export default defineCheck({
  id: 'aws.rds.backup-retention',
  meta: {
    title: 'RDS automated backups are on and kept long enough',
    description:
      'Every in-scope DB instance and cluster has automated backups with a retention period of at least ' +
      'minRetentionDays. Aurora members are judged at their cluster, whose retention is what AWS applies.',
    severity: 'critical',
    docs:
      'policies:\n  - id: backups.rds-retention\n    check: aws.rds.backup-retention\n' +
      "    options: { minRetentionDays: '${target.orderForm.backupRetentionDays}' }",
    remediation:
      'Set BackupRetentionPeriod on the instance (modify-db-instance) or cluster (modify-db-cluster) to at ' +
      'least the required number of days.',
  },
  options: Type.Object(
    {
      minRetentionDays: Type.Integer({
        minimum: 1,
        maximum: 35,
        default: 7,
        description: 'Minimum automated backup retention, in days (RDS allows 1 to 35).',
      }),
      readReplicas: readReplicasOption(
        'skip',
        'skip them (their source holds the backups) or judge them too.',
      ),
    },
    { additionalProperties: false },
  ),
  requires: ['aws.rds.instances', 'aws.rds.clusters'],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  messages: {
    retentionOk:
      'Automated backups are kept {{retentionDays}} days (at least {{minRetentionDays}} required).',
    backupsDisabled: 'Automated backups are disabled (retention 0 days; {{minRetentionDays}} required).',
    retentionTooShort:
      'Automated backups are kept {{retentionDays}} days; at least {{minRetentionDays}} required.',
    ...SUBJECT_MESSAGES,
  },
  *evaluate(facts, options, ctx) {
    const min = options.minRetentionDays;
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    for (const db of all.subjects) {
      const resource = db.ref;
      const days = db.item.backupRetentionDays;
      const data = { retentionDays: days, minRetentionDays: min };
      const evidence = { backupRetentionPeriod: days, minRetentionDays: min, engine: db.item.engine };
      const messageId = days === 0 ? 'backupsDisabled' : days < min ? 'retentionTooShort' : 'retentionOk';
      yield { status: messageId === 'retentionOk' ? 'pass' : 'fail', messageId, resource, data, evidence };
    }
  },
});
