import { daysAgo, factError, pendingMaintenance, rdsCluster, rdsInstance } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.rds.maintenance-window.js';

const inDays = (d: number) => daysAgo(-d);
const db = (p: Partial<ReturnType<typeof rdsInstance>> = {}) => rdsInstance({ id: 'db-1', ...p });
const facts = (
  instances = [db()],
  pending: ReturnType<typeof pendingMaintenance>[] = [],
  clusters: ReturnType<typeof rdsCluster>[] = [],
) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': clusters,
  'aws.rds.pendingMaintenance': pending,
});
const action = (p: Record<string, string>) => [{ action: 'system-update', description: 'OS patch', ...p }];

new CheckTester(check).run({
  valid: [
    {
      name: 'sun 03:00-03:30 inside the announced sun 01:00-05:00, clear of the 02:00-02:30 backup window',
      facts: facts(),
      expect: [
        {
          status: 'pass',
          messageId: 'maintenanceOk',
          resource: 'db-1',
          data: { window: 'sun:03:00-sun:03:30' },
        },
      ],
    },
    {
      name: 'a window wrapping the week inside an announced window running into Sunday',
      facts: facts([db({ maintenanceWindow: 'sat:23:30-sun:00:30' })]),
      options: { days: ['sat'], startTime: '23:00', endTime: '03:00' },
    },
    {
      name: 'touching backup and maintenance windows do not overlap',
      facts: facts([db({ backupWindow: '02:30-03:00' })]),
    },
    {
      name: 'pending actions that wait for an opt-in, or are due after the notice period, are fine',
      facts: facts(
        [db()],
        [
          pendingMaintenance({ resourceArn: db().arn, actions: action({}) }),
          pendingMaintenance({ resourceArn: db().arn, actions: action({ forcedApplyDate: inDays(30) }) }),
        ],
      ),
      options: { noticeDays: 14 },
    },
    {
      name: 'auto minor version upgrade as required',
      facts: facts([db({ autoMinorVersionUpgrade: true })]),
      options: { autoMinorVersionUpgrade: 'enabled' },
    },
  ],
  invalid: [
    {
      name: 'a Tuesday window outside a Sunday announcement',
      facts: facts([db({ maintenanceWindow: 'tue:03:00-tue:03:30' })]),
      expect: [{ status: 'fail', messageId: 'outsideAnnouncedWindow', resource: 'db-1' }],
    },
    {
      name: 'a window running past the end of the announced window',
      facts: facts([db({ maintenanceWindow: 'sun:04:45-sun:05:15' })]),
      expect: [{ status: 'fail', messageId: 'outsideAnnouncedWindow' }],
    },
    {
      name: 'overlapping a backup window that wraps midnight',
      facts: facts([db({ backupWindow: '23:30-00:30', maintenanceWindow: 'sun:00:00-sun:00:30' })]),
      options: { startTime: '00:00' },
      expect: [
        { status: 'fail', messageId: 'overlapsBackupWindow', data: { issues: 'overlapsBackupWindow' } },
      ],
    },
    {
      name: 'an action auto-applied in 3 days, within 14 days of notice',
      facts: facts(
        [db()],
        [pendingMaintenance({ resourceArn: db().arn, actions: action({ autoAppliedAfterDate: inDays(3) }) })],
      ),
      expect: [{ status: 'fail', messageId: 'maintenanceWithoutNotice', data: { noticeDays: 14 } }],
    },
    {
      name: 'an overdue forced action',
      facts: facts(
        [db()],
        [pendingMaintenance({ resourceArn: db().arn, actions: action({ forcedApplyDate: daysAgo(2) }) })],
      ),
      expect: [{ status: 'fail', messageId: 'maintenanceWithoutNotice' }],
    },
    {
      name: "an Aurora member's pending action is judged at its cluster",
      facts: facts(
        [rdsInstance({ id: 'm-1', clusterId: 'c-1' })],
        [
          pendingMaintenance({
            resourceArn: rdsInstance({ id: 'm-1' }).arn,
            actions: action({ currentApplyDate: inDays(1) }),
          }),
        ],
        [rdsCluster({ id: 'c-1', members: [{ id: 'm-1', writer: true }] })],
      ),
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' },
        { status: 'fail', messageId: 'maintenanceWithoutNotice', resource: 'c-1' },
      ],
    },
    {
      name: 'auto minor version upgrade not as required',
      facts: facts([db({ autoMinorVersionUpgrade: true })]),
      options: { autoMinorVersionUpgrade: 'disabled' },
      expect: [{ status: 'fail', messageId: 'autoMinorUpgradeMismatch', data: { actual: 'enabled' } }],
    },
    {
      name: 'several problems: the first is the message, all are listed',
      facts: facts([db({ maintenanceWindow: 'mon:02:00-mon:02:30' })], [], []),
      options: { autoMinorVersionUpgrade: 'disabled' },
      expect: [
        {
          status: 'fail',
          messageId: 'outsideAnnouncedWindow',
          data: { issues: 'outsideAnnouncedWindow, overlapsBackupWindow, autoMinorUpgradeMismatch' },
        },
      ],
    },
    {
      name: 'an unreadable window is an error',
      facts: facts([db({ maintenanceWindow: 'someday' })]),
      expect: [{ status: 'error', messageId: 'windowUnreadable', data: { window: 'someday' } }],
    },
    {
      name: 'pending maintenance that could not be read is an error',
      facts: facts(),
      errors: [
        factError({ fact: 'aws.rds.pendingMaintenance', operation: 'rds:DescribePendingMaintenanceActions' }),
      ],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'db-1' }],
    },
  ],
  invalidOptions: [
    { name: 'days are three-letter weekdays', options: { days: ['sunday'] }, path: '/days/0' },
    { name: 'times are hh:mm', options: { startTime: '1am' }, path: '/startTime' },
  ],
});
