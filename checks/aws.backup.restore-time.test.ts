import { expect, it } from 'vitest';
import {
  daysAgo,
  factError,
  minutesAgo,
  rdsCluster,
  rdsInstance,
  recoveryPoint,
  restoreJob,
  target,
} from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.backup.restore-time.js';

const db = rdsInstance({ id: 'db-1' });
const rp = recoveryPoint({ resourceArn: db.arn });
/** A job that completed `ago` days before NOW after `minutes` minutes. */
const job = (jobId: string, minutes: number, ago = 1, p: Partial<ReturnType<typeof restoreJob>> = {}) =>
  restoreJob({
    jobId,
    recoveryPointArn: rp.arn,
    completionDate: daysAgo(ago),
    creationDate: minutesAgo(minutes, daysAgo(ago)),
    ...p,
  });
const facts = (jobs: ReturnType<typeof restoreJob>[], instances = [db]) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': [],
  'aws.backup.recoveryPoints': [rp],
  'aws.backup.restoreJobs': jobs,
});

it('asks for restore jobs as far back as it looks', () => {
  expect(check.needs?.({ lookbackDays: 120 }, target())).toEqual({ restoreJobWindowDays: 120 });
});

new CheckTester(check).run({
  valid: [
    {
      name: 'a 95-minute validated restore is inside a 4-hour RTO, with its margin',
      facts: facts([job('j-1', 95)]),
      options: { maxRestoreMinutes: 240 },
      expect: [
        {
          status: 'pass',
          messageId: 'restoreWithinRto',
          data: { durationMinutes: 95, marginMinutes: 145, margin: '2h 25m' },
        },
      ],
    },
    {
      name: 'the latest validated restore decides, not a slower older one',
      facts: facts([
        job('old', 500, 20),
        job('new', 60, 2),
        job('unvalidated', 900, 1, { validationStatus: undefined }),
      ]),
      options: { maxRestoreMinutes: 240 },
      expect: [{ status: 'pass', messageId: 'restoreWithinRto', data: { jobId: 'new' } }],
    },
    {
      name: 'exactly at the RTO passes with no margin',
      facts: facts([job('j', 240)]),
      options: { maxRestoreMinutes: 240 },
      expect: [{ status: 'pass', messageId: 'restoreWithinRto', data: { marginMinutes: 0 } }],
    },
  ],
  invalid: [
    {
      name: 'a restore slower than the RTO',
      facts: facts([job('slow', 300)]),
      options: { maxRestoreMinutes: 240 },
      expect: [
        { status: 'fail', messageId: 'restoreTooSlow', data: { durationMinutes: 300, marginMinutes: -60 } },
      ],
    },
    {
      name: 'an unvalidated restore tells nothing about recovery',
      facts: facts([job('j', 10, 1, { validationStatus: undefined })]),
      expect: [{ status: 'fail', messageId: 'noValidatedRestore', resource: 'db-1' }],
    },
    {
      name: 'restores older than the lookback do not count',
      facts: facts([job('j', 10, 100)]),
      options: { lookbackDays: 90 },
      expect: [{ status: 'fail', messageId: 'noValidatedRestore', data: { lookbackDays: 90 } }],
    },
    {
      name: 'a validated job without a completion time is an error',
      facts: facts([{ ...job('j', 10), completionDate: undefined }]),
      expect: [{ status: 'error', messageId: 'durationUnknown', data: { jobId: 'j' } }],
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
        { status: 'fail', messageId: 'noValidatedRestore', resource: 'c-1' },
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
    { name: 'RTO in minutes', options: { maxRestoreMinutes: -1 }, path: '/maxRestoreMinutes' },
  ],
});
