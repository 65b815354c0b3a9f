// SL-RESTORE-TEST: "managed backups and restore testing are required before production enterprise
// rollout." Each database (or each resource type) has a restore job within maxAgeDays that COMPLETED and
// whose validation is SUCCESSFUL — a restore nobody validated is not a test — and a restore testing plan
// selects it, so the test recurs. Jobs are joined to databases through their recovery points, by ARN.
//
//   - id: thesmios.backups.restore-tested
//     check: aws.backup.restore-tested
//     options: { maxAgeDays: '${target.orderForm.restoreTestMaxAgeDays}', per: resource }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { DAY_MINUTES, minutesBetween } from '../src/lib/duration.js';
import {
  atPlace,
  type ByPlace,
  groupBy,
  newestFirst,
  placeEntry,
  restoreJobsByResource,
  SUBJECT_MESSAGES,
  type Subject,
  subjects,
} from '../src/lib/protection.js';
import { RestoreSelectionMatcher } from '../src/lib/selection.js';
import { Type } from '../src/util/typebox.js';

const days = (from: string | undefined, now: Date) =>
  from ? Math.round(((minutesBetween(from, now) ?? 0) / DAY_MINUTES) * 10) / 10 : null;

const REQUIRES = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.backup.recoveryPoints',
  'aws.backup.restoreJobs',
  'aws.backup.restoreTestingPlans',
] as const;

export default defineCheck({
  id: 'aws.backup.restore-tested',
  meta: {
    title: 'Restores are tested and validated recently',
    description:
      'Each in-scope database (Aurora at its cluster), or each resource type, has an AWS Backup restore job ' +
      'within maxAgeDays that COMPLETED with ValidationStatus SUCCESSFUL, and a restore testing plan selects it.',
    severity: 'high',
    docs:
      'policies:\n  - id: backups.restore-tested\n    check: aws.backup.restore-tested\n' +
      "    options: { maxAgeDays: '${target.orderForm.restoreTestMaxAgeDays}', per: resource }",
    remediation:
      'Create an AWS Backup restore testing plan selecting the database (protected resource type RDS or ' +
      'Aurora) and report validation with PutRestoreValidationResult after checking the restored copy.',
  },
  options: Type.Object(
    {
      maxAgeDays: Type.Integer({
        minimum: 1,
        default: 30,
        description: 'A validated restore must be at most this many days old.',
      }),
      per: Type.Union([Type.Literal('resource'), Type.Literal('resourceType')], {
        default: 'resource',
        description: 'Require a validated restore of each database, or of each resource type (RDS, Aurora).',
      }),
      requireRestoreTestingPlan: Type.Boolean({
        default: true,
        description: 'Also require a restore testing plan whose selection covers the database.',
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
    restoreValidated: 'Restore job {{jobId}} was validated {{ageDays}} days ago (within {{maxAgeDays}}).',
    restoreTooOld:
      'The last validated restore ({{jobId}}) is {{ageDays}} days old; at most {{maxAgeDays}} allowed.',
    restoreUnvalidated:
      'Restore job {{jobId}} completed but has no successful validation ({{validationStatus}}).',
    validationFailed: 'Restore job {{jobId}} completed but its validation is {{validationStatus}}.',
    restoreFailed:
      'Restore job {{jobId}} ended {{jobStatus}}; no validated restore within {{maxAgeDays}} days.',
    noRestoreTest: 'No restore job in the last {{maxAgeDays}} days.',
    noRestoreTestingPlan:
      'Restore job {{jobId}} was validated, but no restore testing plan selects it, so testing will not recur.',
  },
  needs: (options) => ({ restoreJobWindowDays: options.maxAgeDays }),
  *evaluate(facts, options, ctx) {
    const { maxAgeDays } = options;
    const since = ctx.now.getTime() - maxAgeDays * DAY_MINUTES * 60_000;
    const jobsOf = restoreJobsByResource(facts['aws.backup.restoreJobs'], facts['aws.backup.recoveryPoints']);
    // Each restore testing selection compiled once, by account and region, with its name as evidence.
    const testing: ByPlace<{ name: string; matcher: RestoreSelectionMatcher }[]> = new Map();
    for (const plan of facts['aws.backup.restoreTestingPlans'])
      for (const s of plan.selections)
        placeEntry(testing, plan.account, plan.region, () => []).push({
          name: `${plan.name}/${s.name}`,
          matcher: new RestoreSelectionMatcher(s),
        });
    const coveredBy = (db: Subject) => {
      const names: string[] = [];
      for (const s of atPlace(testing, db.account, db.region) ?? [])
        if (s.matcher.covers(db.backupType, db)) names.push(s.name);
      return names;
    };
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    const groups =
      options.per === 'resource'
        ? all.subjects.map((db) => ({ resource: db.ref, dbs: [db] }))
        : [...groupBy(all.subjects, (db) => db.backupType)].map(([type, dbs]) => ({
            resource: { type: 'aws.backup.resource-type', id: type },
            dbs,
          }));
    for (const { resource, dbs } of groups) {
      // Newest first: each database's list already is; the jobs of several are merged in that order.
      const jobs =
        dbs.length === 1
          ? (jobsOf.get((dbs[0] as Subject).arn) ?? [])
          : dbs.flatMap((db) => jobsOf.get(db.arn) ?? []).sort(newestFirst);
      const validated = jobs.filter(
        ({ job }) => job.status === 'COMPLETED' && job.validationStatus === 'SUCCESSFUL',
      );
      const pick = validated.find((j) => j.at >= since) ?? jobs.find((j) => j.at >= since) ?? validated[0];
      const testingPlans = dbs.flatMap(coveredBy);
      const pointCreated = pick?.point?.creationDate ?? pick?.job.recoveryPointCreationDate;
      const evidence = {
        // Object.assign rather than a spread followed by more properties, which V8 runs slowly.
        job: pick
          ? Object.assign({}, pick.job, {
              resourceArn: pick.point?.resourceArn ?? pick.job.sourceResourceArn ?? null,
              ageDays: days(pick.job.completionDate ?? pick.job.creationDate, ctx.now),
              recoveryPointCreated: pointCreated ?? null,
              recoveryPointAgeDays: days(pointCreated, ctx.now),
              recoveryPointAgeAtRestoreDays: days(pointCreated, new Date(pick.at)),
            })
          : null,
        jobsConsidered: jobs.length,
        restoreTestingSelections: testingPlans,
        maxAgeDays,
      };
      const data = {
        maxAgeDays,
        jobId: pick?.job.jobId ?? '',
        ageDays: evidence.job?.ageDays ?? null,
        validationStatus: pick?.job.validationStatus ?? 'none',
        jobStatus: pick?.job.status ?? '',
      };
      const messageId = !pick
        ? 'noRestoreTest'
        : pick.at < since
          ? 'restoreTooOld'
          : pick.job.status !== 'COMPLETED'
            ? 'restoreFailed'
            : pick.job.validationStatus === 'FAILED' || pick.job.validationStatus === 'TIMED_OUT'
              ? 'validationFailed'
              : pick.job.validationStatus !== 'SUCCESSFUL'
                ? 'restoreUnvalidated'
                : options.requireRestoreTestingPlan && testingPlans.length === 0
                  ? 'noRestoreTestingPlan'
                  : 'restoreValidated';
      yield {
        status: messageId === 'restoreValidated' ? 'pass' : 'fail',
        messageId,
        resource,
        data,
        evidence,
      };
    }
  },
});
