import {
  factError,
  hoursAgo,
  minutesAgo,
  rdsCluster,
  rdsInstance,
  recoveryPoint,
} from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.backup.recovery-point-age.js';

const db = rdsInstance({ id: 'db-1', latestRestorableTime: minutesAgo(4) });
const facts = (points: ReturnType<typeof recoveryPoint>[], instances = [db]) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': [],
  'aws.backup.recoveryPoints': points,
});

new CheckTester(check).run({
  valid: [
    {
      name: 'a snapshot an hour old meets a 60-minute RPO',
      facts: facts([recoveryPoint({ resourceArn: db.arn, creationDate: hoursAgo(1) })]),
      options: { maxAgeMinutes: 60 },
      expect: [
        { status: 'pass', messageId: 'recoveryPointFresh', data: { ageMinutes: 60, kind: 'snapshot' } },
      ],
    },
    {
      name: 'the newest completed point counts, older ones do not matter',
      facts: facts([
        recoveryPoint({ resourceArn: db.arn, creationDate: hoursAgo(50) }),
        recoveryPoint({ resourceArn: db.arn, creationDate: hoursAgo(2) }),
      ]),
      options: { maxAgeMinutes: 180 },
      expect: [{ status: 'pass', messageId: 'recoveryPointFresh', data: { ageMinutes: 120 } }],
    },
    {
      name: 'an active continuous backup is as fresh as the latest restorable time',
      facts: facts([
        recoveryPoint({
          resourceArn: db.arn,
          continuous: true,
          status: 'AVAILABLE',
          creationDate: hoursAgo(400),
        }),
      ]),
      options: { maxAgeMinutes: 5 },
      expect: [{ status: 'pass', messageId: 'recoveryPointFresh', data: { ageMinutes: 4 } }],
    },
    {
      name: 'an Aurora cluster is judged by its own recovery points',
      facts: {
        'aws.rds.instances': [],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
        'aws.backup.recoveryPoints': [recoveryPoint({ resourceArn: rdsCluster({ id: 'c-1' }).arn })],
      },
    },
  ],
  invalid: [
    {
      name: 'a point older than the RPO',
      facts: facts([recoveryPoint({ resourceArn: db.arn, creationDate: hoursAgo(26) })]),
      options: { maxAgeMinutes: 1440 },
      expect: [
        { status: 'fail', messageId: 'recoveryPointStale', resource: 'db-1', data: { ageMinutes: 1560 } },
      ],
    },
    {
      name: 'a newer point that did not complete does not count',
      facts: facts([
        recoveryPoint({ resourceArn: db.arn, creationDate: hoursAgo(30) }),
        recoveryPoint({ resourceArn: db.arn, creationDate: hoursAgo(1), status: 'PARTIAL' }),
      ]),
      expect: [{ status: 'fail', messageId: 'recoveryPointStale', data: { ageMinutes: 1800 } }],
    },
    {
      name: 'a stopped continuous backup does not count',
      facts: facts([recoveryPoint({ resourceArn: db.arn, continuous: true, status: 'STOPPED' })]),
      expect: [{ status: 'fail', messageId: 'noRecoveryPoint', resource: 'db-1' }],
    },
    {
      name: 'points of another resource do not count',
      facts: facts([recoveryPoint({ resourceArn: rdsInstance({ id: 'db-2' }).arn })]),
      expect: [{ status: 'fail', messageId: 'noRecoveryPoint', resource: 'db-1' }],
    },
    {
      name: 'Aurora members are judged at the cluster',
      facts: {
        'aws.rds.instances': [rdsInstance({ id: 'm-1', clusterId: 'c-1' })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
        'aws.backup.recoveryPoints': [recoveryPoint({ resourceArn: rdsInstance({ id: 'm-1' }).arn })],
      },
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' },
        { status: 'fail', messageId: 'noRecoveryPoint', resource: 'c-1' },
      ],
    },
    {
      name: 'recovery points that could not be listed are an error',
      facts: facts([]),
      errors: [
        factError({ fact: 'aws.backup.recoveryPoints', operation: 'backup:ListRecoveryPointsByBackupVault' }),
      ],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'db-1' }],
    },
    {
      name: 'no databases is not a pass',
      facts: facts([], []),
      expect: [{ status: 'fail', messageId: 'noResourcesInScope' }],
    },
  ],
  invalidOptions: [{ name: 'RPO in whole minutes', options: { maxAgeMinutes: 0 }, path: '/maxAgeMinutes' }],
});
