import {
  backupPlan,
  backupRule,
  backupSelection,
  factError,
  rdsCluster,
  rdsInstance,
} from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.backup.plan-frequency.js';

const db = rdsInstance({ id: 'db-1' });
type Rule = Parameters<typeof backupRule>[0];
/** db-1 protected by one plan whose rules are given. */
const withRules = (...rules: Rule[]) => ({
  'aws.rds.instances': [db],
  'aws.rds.clusters': [],
  'aws.backup.plans': [backupPlan({ id: 'p1', rules: rules.map((r) => backupRule(r)) })],
  'aws.backup.selections': [backupSelection({ planId: 'p1', resources: [db.arn] })],
});

new CheckTester(check).run({
  valid: [
    {
      name: 'daily at 05:00 with a 60-minute start window meets an RPO of 25 hours exactly',
      facts: withRules({ schedule: 'cron(0 5 ? * * *)', startWindowMinutes: 60 }),
      options: { maxGapMinutes: 1500 },
      expect: [{ status: 'pass', messageId: 'frequencyOk', data: { worstGapMinutes: 1500 } }],
    },
    {
      name: 'hourly cron meets a two-hour RPO',
      facts: withRules({ schedule: 'cron(0 * ? * * *)', startWindowMinutes: 60 }),
      options: { maxGapMinutes: 120 },
      expect: [{ status: 'pass', messageId: 'frequencyOk', data: { worstGapMinutes: 120 } }],
    },
    {
      name: 'rate(12 hours) gives 12 hours plus the start window',
      facts: withRules({ schedule: 'rate(12 hours)', startWindowMinutes: 60 }),
      options: { maxGapMinutes: 780 },
      expect: [{ status: 'pass', messageId: 'frequencyOk', data: { worstGapMinutes: 780 } }],
    },
    {
      name: 'a continuous-backup rule meets an RPO of 5 minutes or more, whatever its snapshot schedule',
      facts: withRules({ schedule: 'cron(0 5 ? * SUN *)', continuousBackup: true }),
      options: { maxGapMinutes: 5 },
      expect: [{ status: 'pass', messageId: 'continuousOk', data: { rule: 'daily' } }],
    },
    {
      name: 'two plans selecting the same database merge their schedules',
      facts: {
        'aws.rds.instances': [db],
        'aws.rds.clusters': [],
        'aws.backup.plans': [
          backupPlan({ id: 'weekly', rules: [backupRule({ schedule: 'cron(0 5 ? * SUN *)' })] }),
          backupPlan({
            id: 'twice',
            rules: [backupRule({ schedule: 'cron(0 5,17 ? * * *)', startWindowMinutes: 60 })],
          }),
        ],
        'aws.backup.selections': [
          backupSelection({ planId: 'weekly', resources: ['*'] }),
          backupSelection({ planId: 'twice', resources: [db.arn] }),
        ],
      },
      options: { maxGapMinutes: 780 },
    },
    {
      name: 'Europe/London daily at 02:00 is 25 hours apart across the autumn change',
      facts: withRules({
        schedule: 'cron(0 2 ? * * *)',
        scheduleTimezone: 'Europe/London',
        startWindowMinutes: 60,
      }),
      options: { maxGapMinutes: 1560 },
      expect: [{ status: 'pass', messageId: 'frequencyOk', data: { worstGapMinutes: 1560 } }],
    },
    {
      name: 'no DeleteAfterDays keeps backups indefinitely',
      facts: withRules({ lifecycle: {}, startWindowMinutes: 60 }),
      options: { minRetentionDays: 3650, maxGapMinutes: 1500 },
      expect: [{ status: 'pass', messageId: 'frequencyOk', data: { retention: 'indefinitely' } }],
    },
  ],
  invalid: [
    {
      name: 'a weekly cron against a daily RPO',
      facts: withRules({ schedule: 'cron(0 5 ? * SUN *)', startWindowMinutes: 60 }),
      options: { maxGapMinutes: 1440 },
      expect: [
        {
          status: 'fail',
          messageId: 'gapTooLong',
          data: { worstGapMinutes: 10140, maxIntervalMinutes: 10080 },
        },
      ],
    },
    {
      name: 'cron(0 */12 ? * MON-FRI *) has a 60-hour weekend gap (Fri 12:00 to Mon 00:00)',
      facts: withRules({ schedule: 'cron(0 */12 ? * MON-FRI *)', startWindowMinutes: 60 }),
      options: { maxGapMinutes: 780 },
      expect: [
        {
          status: 'fail',
          messageId: 'gapTooLong',
          data: { maxIntervalMinutes: 3600, worstGapMinutes: 3660 },
        },
      ],
    },
    {
      name: "an unset start window counts as AWS Backup's default of 8 hours",
      facts: withRules({ schedule: 'cron(0 5 ? * * *)', startWindowMinutes: undefined }),
      options: { maxGapMinutes: 1440 },
      expect: [{ status: 'fail', messageId: 'gapTooLong', data: { worstGapMinutes: 1920 } }],
    },
    {
      name: "a rule without a schedule runs at AWS's default cron(0 5 ? * * *), daily",
      facts: withRules({ schedule: undefined, startWindowMinutes: 60 }),
      options: { maxGapMinutes: 1440 },
      expect: [{ status: 'fail', messageId: 'gapTooLong', data: { worstGapMinutes: 1500 } }],
    },
    {
      name: 'Europe/London at 01:30 skips the spring-forward day (47 hours)',
      facts: withRules({
        schedule: 'cron(30 1 ? * * *)',
        scheduleTimezone: 'Europe/London',
        startWindowMinutes: 60,
      }),
      options: { maxGapMinutes: 1560 },
      expect: [{ status: 'fail', messageId: 'gapTooLong', data: { maxIntervalMinutes: 2820 } }],
    },
    {
      name: 'continuous backup does not meet an RPO under 5 minutes',
      facts: withRules({ schedule: 'cron(0 * ? * * *)', continuousBackup: true, startWindowMinutes: 60 }),
      options: { maxGapMinutes: 4 },
      expect: [{ status: 'fail', messageId: 'gapTooLong' }],
    },
    {
      name: 'a schedule limited to years that end stops backing up',
      facts: withRules({ schedule: 'cron(0 5 ? * * 2026-2027)' }),
      expect: [{ status: 'fail', messageId: 'scheduleStops', data: { reason: 'stopsRunning' } }],
    },
    {
      name: 'rule retention shorter than required',
      facts: withRules({ lifecycle: { deleteAfterDays: 7 }, startWindowMinutes: 60 }),
      options: { maxGapMinutes: 1500, minRetentionDays: 35 },
      expect: [
        { status: 'fail', messageId: 'retentionTooShort', data: { retentionDays: 7, what: 'Rule daily' } },
      ],
    },
    {
      name: 'copy action retention shorter than required',
      facts: withRules({
        startWindowMinutes: 60,
        copyActions: [
          {
            destinationVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:dr',
            lifecycle: { deleteAfterDays: 14 },
          },
        ],
      }),
      options: { maxGapMinutes: 1500, minRetentionDays: 30 },
      expect: [{ status: 'fail', messageId: 'retentionTooShort', data: { retentionDays: 14 } }],
    },
    {
      name: 'cold storage must last 90 days (delete 100 after moving at 30)',
      facts: withRules({
        startWindowMinutes: 60,
        lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 100 },
      }),
      options: { maxGapMinutes: 1500 },
      expect: [{ status: 'fail', messageId: 'coldStorageTooShort', data: { coldDays: 70 } }],
    },
    {
      name: 'a cron with both day fields set is not AWS cron: error, not a verdict',
      facts: withRules({ schedule: 'cron(0 5 * * * *)' }),
      expect: [{ status: 'error', messageId: 'scheduleInvalid', resource: 'db-1' }],
    },
    {
      name: 'rate(1 hours) is not AWS rate syntax',
      facts: withRules({ schedule: 'rate(1 hours)' }),
      expect: [{ status: 'error', messageId: 'scheduleInvalid' }],
    },
    {
      name: 'an unknown time zone is an error',
      facts: withRules({ scheduleTimezone: 'Mars/Olympus_Mons' }),
      expect: [{ status: 'error', messageId: 'scheduleInvalid' }],
    },
    {
      name: 'no plan selects the database',
      facts: { ...withRules({}), 'aws.backup.selections': [] },
      expect: [{ status: 'fail', messageId: 'notProtected', resource: 'db-1' }],
    },
    {
      name: 'Aurora members are judged at their cluster',
      facts: {
        ...withRules({ startWindowMinutes: 60 }),
        'aws.rds.instances': [rdsInstance({ id: 'm-1', clusterId: 'c-1' })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
        'aws.backup.selections': [
          backupSelection({ planId: 'p1', resources: ['arn:aws:rds:*:*:cluster:*'] }),
        ],
      },
      options: { maxGapMinutes: 1500 },
      expect: [{ status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' }],
    },
    {
      name: 'plans that could not be read are an error',
      facts: { ...withRules({}), 'aws.backup.plans': [] },
      errors: [factError({ fact: 'aws.backup.plans', operation: 'backup:ListBackupPlans' })],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'db-1' }],
    },
  ],
  invalidOptions: [
    { name: 'RPO must be a number of minutes', options: { maxGapMinutes: '1h' }, path: '/maxGapMinutes' },
    { name: 'retention at least a day', options: { minRetentionDays: 0 }, path: '/minRetentionDays' },
  ],
});
