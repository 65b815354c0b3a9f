// SL-RECOVERY-TARGETS: "RTO … set per production order form." The latest validated restore of each
// database finished within the RTO (completion minus creation of the restore job), reported with its
// margin. A restore job's duration is a lower bound on real recovery time — detection, decision, DNS and
// application cut-over come on top — and the message says so.
//
//   - id: thesmios.recovery.restore-time
//     check: aws.backup.restore-time
//     options: { maxRestoreMinutes: '${target.orderForm.rtoMinutes}' }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { DAY_MINUTES, formatMinutes, minutesBetween } from '../src/lib/duration.js';
import { restoreJobsByResource, SUBJECT_MESSAGES, subjects } from '../src/lib/protection.js';
import { Type } from '../src/util/typebox.js';

const REQUIRES = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.backup.recoveryPoints',
  'aws.backup.restoreJobs',
] as const;

export default defineCheck({
  id: 'aws.backup.restore-time',
  meta: {
    title: 'Validated restores finish within the RTO',
    description:
      'For each in-scope database (Aurora at its cluster), the latest restore job that COMPLETED with ' +
      'ValidationStatus SUCCESSFUL within lookbackDays took at most maxRestoreMinutes (completion minus ' +
      'creation). This is a lower bound on real recovery time.',
    severity: 'high',
    docs:
      'policies:\n  - id: recovery.restore-time\n    check: aws.backup.restore-time\n' +
      "    options: { maxRestoreMinutes: '${target.orderForm.rtoMinutes}', lookbackDays: 90 }",
    remediation:
      'Shorten restores (smaller instance snapshots, faster storage, restoring to a warm standby) or ' +
      'renegotiate the RTO; keep testing restores so the figure stays current.',
  },
  options: Type.Object(
    {
      maxRestoreMinutes: Type.Integer({
        minimum: 1,
        default: 240,
        description: 'RTO: the longest a restore may take, in minutes.',
      }),
      lookbackDays: Type.Integer({
        minimum: 1,
        default: 90,
        description: 'Only restores completed within this many days count.',
      }),
      readReplicas: readReplicasOption(
        'skip',
        'skip them (their source is restore-tested) or judge them too.',
      ),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    ...SUBJECT_MESSAGES,
    restoreWithinRto:
      'Validated restore {{jobId}} took {{duration}}, {{margin}} inside the RTO of {{maxRestore}}. This is a lower ' +
      'bound on real recovery time: detection, decision and cut-over come on top.',
    restoreTooSlow:
      'Validated restore {{jobId}} took {{duration}}, {{margin}} over the RTO of {{maxRestore}}, and that is only a ' +
      'lower bound on real recovery time.',
    noValidatedRestore:
      'No validated restore in the last {{lookbackDays}} days, so the restore time is unknown.',
    durationUnknown: 'Validated restore {{jobId}} has no completion time, so its duration is unknown.',
  },
  needs: (options) => ({ restoreJobWindowDays: options.lookbackDays }),
  *evaluate(facts, options, ctx) {
    const { maxRestoreMinutes: max, lookbackDays } = options;
    const since = ctx.now.getTime() - lookbackDays * DAY_MINUTES * 60_000;
    const maxRestore = formatMinutes(max);
    const jobsOf = restoreJobsByResource(facts['aws.backup.restoreJobs'], facts['aws.backup.recoveryPoints']);
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    for (const db of all.subjects) {
      const resource = db.ref;
      // The newest validated restore in the lookback (the lists are newest first).
      const latest = (jobsOf.get(db.arn) ?? []).find(
        ({ job, at }) => job.status === 'COMPLETED' && job.validationStatus === 'SUCCESSFUL' && at >= since,
      )?.job;
      if (!latest) {
        yield { status: 'fail', messageId: 'noValidatedRestore', resource, data: { lookbackDays } };
        continue;
      }
      const duration = latest.completionDate
        ? minutesBetween(latest.creationDate, latest.completionDate)
        : undefined;
      if (duration === undefined) {
        yield { status: 'error', messageId: 'durationUnknown', resource, data: { jobId: latest.jobId } };
        continue;
      }
      const margin = max - duration;
      yield {
        status: margin >= 0 ? 'pass' : 'fail',
        messageId: margin >= 0 ? 'restoreWithinRto' : 'restoreTooSlow',
        resource,
        data: {
          jobId: latest.jobId,
          durationMinutes: duration,
          maxRestoreMinutes: max,
          marginMinutes: margin,
          duration: formatMinutes(duration),
          margin: formatMinutes(Math.abs(margin)),
          maxRestore,
        },
        evidence: {
          jobId: latest.jobId,
          recoveryPointArn: latest.recoveryPointArn,
          creationDate: latest.creationDate,
          completionDate: latest.completionDate,
          durationMinutes: duration,
          maxRestoreMinutes: max,
          marginMinutes: margin,
          lowerBound: true,
        },
      };
    }
  },
});
