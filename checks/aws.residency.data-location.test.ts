import {
  automatedBackup,
  backupPlan,
  backupRule,
  backupSelection,
  dbSnapshot,
  factError,
  rdsCluster,
  rdsInstance,
  snapshotAttributes,
  vault,
} from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import type { FactMap } from '../src/snapshot/facts.js';
import check from './aws.residency.data-location.js';

const db = rdsInstance({ id: 'db-1' });
const snap = dbSnapshot({ id: 'snap-1', sourceId: 'db-1' });
const base: Partial<FactMap> = {
  'aws.rds.instances': [db],
  'aws.rds.clusters': [],
  'aws.rds.snapshots': [snap],
  'aws.rds.snapshotAttributes': [snapshotAttributes({ snapshotArn: snap.arn })],
  'aws.rds.automatedBackups': [automatedBackup({ sourceArn: db.arn })],
  'aws.backup.plans': [backupPlan({ id: 'p1' })],
  'aws.backup.selections': [backupSelection({ planId: 'p1', resources: [db.arn] })],
  'aws.backup.vaults': [vault({ name: 'main' })],
};
const facts = (over: Partial<FactMap> = {}): Partial<FactMap> => ({ ...base, ...over });
const copyTo = (region: string) =>
  backupPlan({
    id: 'p1',
    rules: [
      backupRule({
        copyActions: [{ destinationVaultArn: `arn:aws:backup:${region}:111111111111:backup-vault:dr` }],
      }),
    ],
  });

new CheckTester(check).run({
  valid: [
    {
      name: 'a uk target with everything in eu-west-2',
      facts: facts(),
      expect: [
        { status: 'pass', messageId: 'inResidency', resource: 'db-1', data: { regions: 'eu-west-2' } },
        { status: 'pass', messageId: 'inResidency', resource: 'snap-1' },
        { status: 'pass', messageId: 'inResidency', resource: 'main' },
        { status: 'pass', messageId: 'inResidency', resource: 'p1' },
      ],
    },
    {
      name: 'a copy to another allowed region of an eu target',
      facts: facts({ 'aws.backup.plans': [copyTo('eu-west-1')] }),
      target: { residency: 'eu', residencyRegions: ['eu-west-2', 'eu-west-1'] },
    },
    {
      name: 'snapshots shared with our own and allowed accounts',
      facts: facts({
        'aws.rds.snapshotAttributes': [
          snapshotAttributes({ snapshotArn: snap.arn, restoreAccounts: ['111111111111', '222222222222'] }),
        ],
      }),
      options: { allowedAccounts: ['222222222222'] },
    },
    {
      name: 'plans that protect no in-scope database are not judged',
      facts: facts({
        'aws.backup.plans': [copyTo('us-east-1')],
        'aws.backup.selections': [
          backupSelection({ planId: 'p1', resources: ['arn:aws:rds:eu-west-2:111111111111:db:other'] }),
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'a copy action to us-east-1 for a uk target',
      facts: facts({ 'aws.backup.plans': [copyTo('us-east-1')] }),
      expect: [{ status: 'fail', messageId: 'outsideResidency', resource: 'p1' }],
    },
    {
      name: 'a cross-region read replica, and automated backups replicated to another region',
      facts: facts({
        'aws.rds.instances': [
          rdsInstance({
            id: 'db-1',
            readReplicaIds: ['arn:aws:rds:us-east-1:111111111111:db:db-1-replica'],
            automatedBackupReplications: ['arn:aws:rds:eu-west-1:111111111111:auto-backup:ab-1'],
          }),
        ],
      }),
      expect: [{ status: 'fail', messageId: 'outsideResidency', resource: 'db-1' }],
    },
    {
      name: 'a cluster replicating from a source outside the residency',
      facts: facts({
        'aws.rds.clusters': [
          rdsCluster({ id: 'c-1', replicationSourceArn: 'arn:aws:rds:us-west-2:111111111111:cluster:src' }),
        ],
      }),
      expect: [{ status: 'fail', messageId: 'outsideResidency', resource: 'c-1' }],
    },
    {
      name: 'a snapshot copied in from another region, and one kept in another region',
      facts: facts({
        'aws.rds.snapshots': [
          dbSnapshot({ id: 'snap-1', sourceId: 'db-1', sourceRegion: 'us-east-1' }),
          dbSnapshot({ id: 'snap-2', sourceId: 'db-1', region: 'eu-west-1' }),
        ],
      }),
      expect: [
        { status: 'fail', messageId: 'outsideResidency', resource: 'snap-1' },
        { status: 'fail', messageId: 'outsideResidency', resource: 'snap-2' },
      ],
    },
    {
      name: 'a public snapshot',
      facts: facts({
        'aws.rds.snapshotAttributes': [
          snapshotAttributes({ snapshotArn: snap.arn, restoreAccounts: ['all'] }),
        ],
      }),
      expect: [{ status: 'fail', messageId: 'snapshotPublic', resource: 'snap-1' }],
    },
    {
      name: 'a snapshot shared with a foreign account',
      facts: facts({
        'aws.rds.snapshotAttributes': [
          snapshotAttributes({ snapshotArn: snap.arn, restoreAccounts: ['999999999999'] }),
        ],
      }),
      expect: [{ status: 'fail', messageId: 'snapshotShared', data: { accounts: '999999999999' } }],
    },
    {
      name: 'replicated automated backups in another region, and a vault there',
      facts: facts({
        'aws.rds.automatedBackups': [automatedBackup({ sourceArn: db.arn, region: 'eu-west-1' })],
        'aws.backup.vaults': [vault({ name: 'main' }), vault({ name: 'dr', region: 'us-east-1' })],
      }),
      expect: [
        { status: 'fail', messageId: 'outsideResidency', data: { what: `Automated backups of ${db.arn}` } },
        { status: 'fail', messageId: 'outsideResidency', resource: 'dr' },
      ],
    },
    {
      name: 'a target with no known residency is an error, not a pass',
      facts: facts(),
      target: { residency: 'mars', residencyRegions: undefined },
      expect: [{ status: 'error', messageId: 'residencyUnknown', data: { residency: 'mars' } }],
    },
    {
      name: 'snapshots that could not be listed are an error',
      facts: facts({ 'aws.rds.snapshots': [] }),
      errors: [factError({ fact: 'aws.rds.snapshots', operation: 'rds:DescribeDBSnapshots' })],
      expect: [
        { status: 'error', messageId: 'factUnavailable', resource: 'db-1' },
        { status: 'error', messageId: 'factUnavailable', resource: 'main' },
        { status: 'error', messageId: 'factUnavailable', resource: 'p1' },
        { status: 'error', messageId: 'factUnavailable', data: { operation: 'rds:DescribeDBSnapshots' } },
      ],
    },
    {
      name: 'nothing to judge is skipped when the policy allows an empty scope',
      facts: Object.fromEntries(Object.keys(base).map((k) => [k, []])) as Partial<FactMap>,
      emptyScope: 'skip',
      expect: [{ status: 'skipped', messageId: 'emptyScopeSkipped' }],
    },
  ],
  invalidOptions: [
    { name: 'accounts are 12 digits', options: { allowedAccounts: ['12'] }, path: '/allowedAccounts/0' },
  ],
});
