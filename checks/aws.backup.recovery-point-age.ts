// SL-RECOVERY-TARGETS: "RPO … set per production order form." Schedules are promises; this checks what
// was delivered: each database's newest COMPLETED recovery point — or, with an active continuous
// (point-in-time) recovery point, its latest restorable time — is younger than the RPO at collection time.
//
//   - id: thesmios.recovery.recovery-point-age
//     check: aws.backup.recovery-point-age
//     options: { maxAgeMinutes: '${target.orderForm.rpoMinutes}' }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { formatMinutes, minutesBetween } from '../src/lib/duration.js';
import { groupBy, type RecoveryPoint, SUBJECT_MESSAGES, subjects, time } from '../src/lib/protection.js';
import { Type } from '../src/util/typebox.js';

/** Continuous recovery points are AVAILABLE (or COMPLETED) while point-in-time restore works. */
const CONTINUOUS_ACTIVE = new Set(['AVAILABLE', 'COMPLETED']);

const REQUIRES = ['aws.rds.instances', 'aws.rds.clusters', 'aws.backup.recoveryPoints'] as const;

export default defineCheck({
  id: 'aws.backup.recovery-point-age',
  meta: {
    title: 'The newest recovery point of every database is within the RPO',
    description:
      'For each in-scope database (Aurora at its cluster), the latest COMPLETED AWS Backup recovery point, ' +
      'or the latest restorable time when a continuous backup is active, is at most maxAgeMinutes old.',
    severity: 'critical',
    docs:
      'policies:\n  - id: recovery.recovery-point-age\n    check: aws.backup.recovery-point-age\n' +
      "    options: { maxAgeMinutes: '${target.orderForm.rpoMinutes}' }",
    remediation:
      'Find why recent backup jobs failed or expired (AWS Backup console, Jobs), fix the cause, and start an ' +
      'on-demand backup; consider continuous backup for tight RPOs.',
  },
  options: Type.Object(
    {
      maxAgeMinutes: Type.Integer({
        minimum: 1,
        default: 1440,
        description: 'RPO: the newest recovery point may be at most this many minutes old.',
      }),
      readReplicas: readReplicasOption('skip', 'skip them (their source is backed up) or judge them too.'),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    ...SUBJECT_MESSAGES,
    recoveryPointFresh: 'The newest recovery point ({{kind}}) is {{age}} old; the RPO allows {{maxAge}}.',
    recoveryPointStale: 'The newest recovery point ({{kind}}) is {{age}} old, over the RPO of {{maxAge}}.',
    noRecoveryPoint: 'No completed AWS Backup recovery point exists for it.',
  },
  *evaluate(facts, options, ctx) {
    const max = options.maxAgeMinutes;
    const maxAge = formatMinutes(max);
    const now = ctx.now.toISOString();
    const byResource = groupBy(facts['aws.backup.recoveryPoints'], (p) => p.resourceArn);
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    for (const db of all.subjects) {
      const points = byResource.get(db.arn) ?? [];
      let latest: { at: number; kind: string; point: RecoveryPoint } | undefined;
      for (const p of points) {
        const active = p.continuous ? CONTINUOUS_ACTIVE.has(p.status) : p.status === 'COMPLETED';
        const at = p.continuous ? time(db.item.latestRestorableTime) : time(p.creationDate);
        if (active && !Number.isNaN(at) && (!latest || at > latest.at)) {
          latest = { at, kind: p.continuous ? 'continuous, latest restorable time' : 'snapshot', point: p };
        }
      }
      if (!latest) {
        const statuses = Object.fromEntries(
          [...groupBy(points, (p) => p.status)].map(([s, l]) => [s, l.length]),
        );
        yield {
          status: 'fail',
          messageId: 'noRecoveryPoint',
          resource: db.ref,
          evidence: { recoveryPointsByStatus: statuses },
        };
        continue;
      }
      const ageMinutes = Math.max(0, minutesBetween(new Date(latest.at), ctx.now) ?? 0);
      const ok = ageMinutes <= max;
      yield {
        status: ok ? 'pass' : 'fail',
        messageId: ok ? 'recoveryPointFresh' : 'recoveryPointStale',
        resource: db.ref,
        data: {
          ageMinutes,
          maxAgeMinutes: max,
          age: formatMinutes(ageMinutes),
          maxAge,
          kind: latest.kind,
        },
        evidence: {
          recoveryPointArn: latest.point.arn,
          vault: latest.point.vaultName,
          recoveryPointTime: new Date(latest.at).toISOString(),
          continuous: latest.point.continuous,
          ageMinutes,
          maxAgeMinutes: max,
          now,
        },
      };
    }
  },
});
