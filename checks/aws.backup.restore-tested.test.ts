import { expect, it } from 'vitest';
import {
  daysAgo,
  factError,
  rdsCluster,
  rdsInstance,
  recoveryPoint,
  restoreJob,
  restoreTestingPlan,
  restoreTestingSelection,
  target,
} from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.backup.restore-tested.js';

const db = rdsInstance({ id: 'db-1', tags: { tier: 'gold' } });
const db2 = rdsInstance({ id: 'db-2' });
const rp = recoveryPoint({ resourceArn: db.arn, creationDate: daysAgo(3) });
const plan = restoreTestingPlan({ name: 'weekly' });
type Job = Partial<ReturnType<typeof restoreJob>>;
const facts = (jobs: Job[], plans = [plan], instances = [db]) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': [],
  'aws.backup.recoveryPoints': [rp],
  'aws.backup.restoreJobs': jobs.map((j, i) =>
    restoreJob({ jobId: `job-${i + 1}`, recoveryPointArn: rp.arn, ...j }),
  ),
  'aws.backup.restoreTestingPlans': plans,
});

it('asks the collector for restore jobs as far back as the window', () => {
  expect(check.needs?.({ maxAgeDays: 45 }, target())).toEqual({ restoreJobWindowDays: 45 });
});

new CheckTester(check).run({
  valid: [
    {
      name: 'validated a day ago, and a restore testing plan selects every RDS instance',
      facts: facts([{}]),
      expect: [
        {
          status: 'pass',
          messageId: 'restoreValidated',
          resource: 'db-1',
          data: { jobId: 'job-1', ageDays: 1 },
        },
      ],
    },
    {
      name: 'the newest validated job in the window wins over a later unvalidated one',
      facts: facts([
        { completionDate: daysAgo(10) },
        { completionDate: daysAgo(1), validationStatus: undefined },
      ]),
      expect: [{ status: 'pass', messageId: 'restoreValidated', data: { jobId: 'job-1', ageDays: 10 } }],
    },
    {
      name: 'joined through SourceResourceArn when the recovery point has since expired',
      facts: {
        ...facts([]),
        'aws.backup.restoreJobs': [
          restoreJob({ jobId: 'j', recoveryPointArn: 'arn:gone', sourceResourceArn: db.arn }),
        ],
      },
    },
    {
      name: 'a restore testing selection by tag condition',
      facts: facts(
        [{}],
        [
          restoreTestingPlan({
            name: 'gold',
            selections: [
              restoreTestingSelection({
                protectedResourceConditions: {
                  stringEquals: [{ key: 'aws:ResourceTag/tier', value: 'gold' }],
                  stringNotEquals: [],
                },
              }),
            ],
          }),
        ],
      ),
    },
    {
      name: 'per resource type: one validated RDS restore covers the type',
      facts: facts([{}], [plan], [db, db2]),
      options: { per: 'resourceType' },
      expect: [{ status: 'pass', messageId: 'restoreValidated', resource: 'RDS' }],
    },
    {
      name: 'without the restore testing plan requirement',
      facts: facts([{}], []),
      options: { requireRestoreTestingPlan: false },
    },
    {
      name: 'Aurora clusters need an Aurora restore testing selection',
      facts: {
        'aws.rds.instances': [],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
        'aws.backup.recoveryPoints': [recoveryPoint({ resourceArn: rdsCluster({ id: 'c-1' }).arn })],
        'aws.backup.restoreJobs': [
          restoreJob({
            jobId: 'a',
            recoveryPointArn: recoveryPoint({ resourceArn: rdsCluster({ id: 'c-1' }).arn }).arn,
          }),
        ],
        'aws.backup.restoreTestingPlans': [
          restoreTestingPlan({
            name: 'aurora',
            selections: [restoreTestingSelection({ protectedResourceType: 'Aurora' })],
          }),
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'a restore validated 31 days ago against a 30-day window',
      facts: facts([{ completionDate: daysAgo(31) }]),
      options: { maxAgeDays: 30 },
      expect: [
        {
          status: 'fail',
          messageId: 'restoreTooOld',
          resource: 'db-1',
          data: { ageDays: 31, maxAgeDays: 30 },
        },
      ],
    },
    {
      name: 'a restore without a validation result is unvalidated, not a pass',
      facts: facts([{ validationStatus: undefined }]),
      expect: [{ status: 'fail', messageId: 'restoreUnvalidated', data: { validationStatus: 'none' } }],
    },
    {
      name: 'a validation still running is not a pass',
      facts: facts([{ validationStatus: 'VALIDATING' }]),
      expect: [{ status: 'fail', messageId: 'restoreUnvalidated', data: { validationStatus: 'VALIDATING' } }],
    },
    {
      name: 'the latest restore in the window is unvalidated and an older one is out of the window',
      facts: facts([
        { completionDate: daysAgo(40) },
        { completionDate: daysAgo(2), validationStatus: undefined },
      ]),
      expect: [{ status: 'fail', messageId: 'restoreUnvalidated', data: { jobId: 'job-2' } }],
    },
    {
      name: 'a failed validation',
      facts: facts([{ validationStatus: 'FAILED' }]),
      expect: [{ status: 'fail', messageId: 'validationFailed' }],
    },
    {
      name: 'a restore job that failed',
      facts: facts([{ status: 'FAILED', validationStatus: undefined }]),
      expect: [{ status: 'fail', messageId: 'restoreFailed', data: { jobStatus: 'FAILED' } }],
    },
    {
      name: 'no restore at all',
      facts: facts([]),
      expect: [{ status: 'fail', messageId: 'noRestoreTest', resource: 'db-1' }],
    },
    {
      name: 'validated, but no restore testing plan selects it',
      facts: facts(
        [{}],
        [
          restoreTestingPlan({
            name: 'aurora',
            selections: [restoreTestingSelection({ protectedResourceType: 'Aurora' })],
          }),
        ],
      ),
      expect: [{ status: 'fail', messageId: 'noRestoreTestingPlan' }],
    },
    {
      name: 'a restore testing plan in another region does not select it',
      facts: facts([{}], [restoreTestingPlan({ name: 'w', region: 'eu-west-1' })]),
      expect: [{ status: 'fail', messageId: 'noRestoreTestingPlan' }],
    },
    {
      name: 'a restore testing selection of other ARNs does not select it',
      facts: facts(
        [{}],
        [
          restoreTestingPlan({
            name: 'w',
            selections: [restoreTestingSelection({ protectedResourceArns: [db2.arn] })],
          }),
        ],
      ),
      expect: [{ status: 'fail', messageId: 'noRestoreTestingPlan' }],
    },
    {
      name: 'per resource type: no restore of any RDS instance',
      facts: facts([], [plan], [db, db2]),
      options: { per: 'resourceType' },
      expect: [{ status: 'fail', messageId: 'noRestoreTest', resource: 'RDS' }],
    },
    {
      name: 'Aurora members are judged at their cluster',
      facts: {
        ...facts([]),
        'aws.rds.instances': [rdsInstance({ id: 'm-1', clusterId: 'c-1' })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
      },
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' },
        { status: 'fail', messageId: 'noRestoreTest', resource: 'c-1' },
      ],
    },
    {
      name: 'restore jobs that could not be listed are an error',
      facts: facts([]),
      errors: [factError({ fact: 'aws.backup.restoreJobs', operation: 'backup:ListRestoreJobs' })],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'db-1' }],
    },
  ],
  invalidOptions: [
    { name: 'window in whole days', options: { maxAgeDays: 0.5 }, path: '/maxAgeDays' },
    { name: 'per must be resource or resourceType', options: { per: 'account' }, path: '/per' },
  ],
});
