import { factError, rdsCluster, rdsInstance } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.rds.backup-retention.js';

new CheckTester(check).run({
  valid: [
    {
      name: 'instance and cluster keep backups long enough',
      facts: {
        'aws.rds.instances': [rdsInstance({ id: 'db-1', backupRetentionDays: 35 })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1', backupRetentionDays: 14 })],
      },
      options: { minRetentionDays: 14 },
      expect: [{ status: 'pass', messageId: 'retentionOk', resource: 'c-1', data: { retentionDays: 14 } }],
    },
    {
      name: 'out-of-scope instances are not judged',
      facts: {
        'aws.rds.instances': [
          rdsInstance({ id: 'db-1', tags: { env: 'prod' } }),
          rdsInstance({ id: 'db-2', backupRetentionDays: 0, tags: { env: 'dev' } }),
        ],
        'aws.rds.clusters': [],
      },
      scope: { tags: { env: 'prod' } },
    },
  ],
  invalid: [
    {
      name: 'retention of 1 day against 35',
      facts: {
        'aws.rds.instances': [rdsInstance({ id: 'db-1', backupRetentionDays: 1 })],
        'aws.rds.clusters': [],
      },
      options: { minRetentionDays: 35 },
      expect: [
        { status: 'fail', messageId: 'retentionTooShort', resource: 'db-1', data: { retentionDays: 1 } },
      ],
    },
    {
      name: 'backups disabled',
      facts: {
        'aws.rds.instances': [rdsInstance({ id: 'db-1', backupRetentionDays: 0 })],
        'aws.rds.clusters': [],
      },
      expect: [{ status: 'fail', messageId: 'backupsDisabled', resource: 'db-1' }],
    },
    {
      name: 'Aurora member with 0 days is judged at its cluster, which fails',
      facts: {
        'aws.rds.instances': [rdsInstance({ id: 'm-1', clusterId: 'c-1', backupRetentionDays: 35 })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1', backupRetentionDays: 3 })],
      },
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1', data: { clusterId: 'c-1' } },
        { status: 'fail', messageId: 'retentionTooShort', resource: 'c-1', data: { retentionDays: 3 } },
      ],
    },
    {
      name: 'member whose cluster is missing is an error, not a pass',
      facts: { 'aws.rds.instances': [rdsInstance({ id: 'm-1', clusterId: 'gone' })], 'aws.rds.clusters': [] },
      expect: [{ status: 'error', messageId: 'clusterNotFound', resource: 'm-1' }],
    },
    {
      name: 'read replicas are skipped by default',
      facts: {
        'aws.rds.instances': [
          rdsInstance({ id: 'r-1', readReplicaSourceId: 'db-1', backupRetentionDays: 0 }),
        ],
        'aws.rds.clusters': [],
      },
      expect: [{ status: 'skipped', messageId: 'readReplicaSkipped', resource: 'r-1' }],
    },
    {
      name: 'read replicas are judged when asked',
      facts: {
        'aws.rds.instances': [
          rdsInstance({ id: 'r-1', readReplicaSourceId: 'db-1', backupRetentionDays: 0 }),
        ],
        'aws.rds.clusters': [],
      },
      options: { readReplicas: 'judge' },
      expect: [{ status: 'fail', messageId: 'backupsDisabled', resource: 'r-1' }],
    },
    {
      name: 'no databases in scope is a failure, not a vacuous pass',
      facts: { 'aws.rds.instances': [], 'aws.rds.clusters': [] },
      expect: [{ status: 'fail', messageId: 'noResourcesInScope' }],
    },
    {
      name: 'empty scope may be skipped by policy',
      facts: { 'aws.rds.instances': [], 'aws.rds.clusters': [] },
      emptyScope: 'skip',
      expect: [{ status: 'skipped', messageId: 'emptyScopeSkipped' }],
    },
    {
      name: 'instances that could not be listed in one region are an error there; the rest is judged',
      facts: {
        'aws.rds.instances': [rdsInstance({ id: 'db-1', region: 'eu-west-1', backupRetentionDays: 1 })],
        'aws.rds.clusters': [],
      },
      errors: [factError({ fact: 'aws.rds.instances', region: 'eu-west-2' })],
      expect: [
        { status: 'fail', messageId: 'retentionTooShort', resource: 'db-1' },
        { status: 'error', messageId: 'factUnavailable', data: { code: 'AccessDenied' } },
      ],
    },
    {
      name: 'a cluster list error turns the judged instance in that region into error',
      facts: { 'aws.rds.instances': [rdsInstance({ id: 'db-1', backupRetentionDays: 35 })] },
      errors: [
        factError({ fact: 'aws.rds.clusters', operation: 'rds:DescribeDBClusters', code: 'Throttling' }),
      ],
      expect: [
        { status: 'error', messageId: 'factUnavailable', resource: 'db-1', data: { code: 'Throttling' } },
      ],
    },
    {
      name: 'facts never collected are an error',
      facts: {},
      collected: [],
      expect: [{ status: 'error', messageId: 'factNotCollected' }],
    },
  ],
  invalidOptions: [
    {
      name: 'retention must be an integer',
      options: { minRetentionDays: 'seven' },
      path: '/minRetentionDays',
    },
    { name: 'retention is at most 35', options: { minRetentionDays: 90 }, path: '/minRetentionDays' },
    { name: 'unknown replica mode', options: { readReplicas: 'maybe' }, path: '/readReplicas' },
  ],
});
