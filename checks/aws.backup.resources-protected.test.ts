import { backupPlan, backupSelection, factError, rdsCluster, rdsInstance } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.backup.resources-protected.js';

const plan = backupPlan({ id: 'plan-1', name: 'daily' });
const db1 = rdsInstance({ id: 'db-1', tags: { backup: 'true', stage: 'prod' } });
const db2 = rdsInstance({ id: 'db-2', tags: { backup: 'true', stage: 'test' } });
const facts = (selections: ReturnType<typeof backupSelection>[], instances = [db1]) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': [],
  'aws.backup.plans': [plan],
  'aws.backup.selections': selections,
});
const cond = (key: string, value: string) => [{ key, value }];
const none = { stringEquals: [], stringNotEquals: [], stringLike: [], stringNotLike: [] };

new CheckTester(check).run({
  valid: [
    {
      name: 'listed by exact ARN',
      facts: facts([backupSelection({ planId: 'plan-1', name: 'by-arn', resources: [db1.arn] })]),
      expect: [
        {
          status: 'pass',
          messageId: 'protected',
          resource: 'db-1',
          data: { plan: 'daily', selection: 'by-arn' },
        },
      ],
    },
    {
      name: 'every RDS instance by wildcard arn:aws:rds:*:*:db:*',
      facts: facts([backupSelection({ planId: 'plan-1', resources: ['arn:aws:rds:*:*:db:*'] })], [db1, db2]),
    },
    {
      name: 'a selection with no Resources, tags or conditions selects every supported resource',
      facts: facts([backupSelection({ planId: 'plan-1' })], [db1, db2]),
    },
    {
      name: 'Conditions with aws:ResourceTag/backup match the tag',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          resources: ['*'],
          conditions: { ...none, stringEquals: cond('aws:ResourceTag/backup', 'true') },
        }),
      ]),
    },
    {
      name: 'ListOfTags entries are ORed and use the plain tag key',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          listOfTags: [
            { type: 'STRINGEQUALS', key: 'tier', value: 'gold' },
            { type: 'STRINGEQUALS', key: 'backup', value: 'true' },
          ],
        }),
      ]),
      expect: [{ status: 'pass', messageId: 'protected', resource: 'db-1' }],
    },
    {
      name: 'Resources OR ListOfTags: a resource outside Resources is still selected by its tag',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          resources: ['arn:aws:rds:*:*:cluster:*'],
          listOfTags: [{ type: 'STRINGEQUALS', key: 'backup', value: 'true' }],
        }),
      ]),
    },
    {
      name: 'NotResources removes from its own selection only: another selection still covers',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          name: 'all-but-db-1',
          resources: ['*'],
          notResources: [db1.arn],
        }),
        backupSelection({ planId: 'plan-1', name: 'db-1', resources: [db1.arn] }),
      ]),
      expect: [{ status: 'pass', messageId: 'protected', data: { selection: 'db-1', covers: 1 } }],
    },
    {
      name: 'StringLike with a wildcard and StringNotLike together',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          resources: ['*'],
          conditions: {
            ...none,
            stringLike: cond('aws:ResourceTag/stage', 'pr*'),
            stringNotLike: cond('aws:ResourceTag/owner', '*legacy*'),
          },
        }),
      ]),
    },
    {
      name: 'Aurora clusters are selected by their cluster ARN',
      facts: {
        ...facts([backupSelection({ planId: 'plan-1', resources: ['arn:aws:rds:*:*:cluster:*'] })], []),
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
      },
      expect: [{ status: 'pass', messageId: 'protected', resource: 'c-1' }],
    },
  ],
  invalid: [
    {
      name: 'a tag selection that matches by Conditions but not by ListOfTags (ListOfTags wants the plain key)',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          listOfTags: [{ type: 'STRINGEQUALS', key: 'aws:ResourceTag/backup', value: 'true' }],
        }),
      ]),
      expect: [{ status: 'fail', messageId: 'notProtected', resource: 'db-1', data: { checked: 1 } }],
    },
    {
      name: 'NotResources excludes a resource that Resources includes',
      facts: facts([
        backupSelection({ planId: 'plan-1', resources: ['arn:aws:rds:*:*:db:*'], notResources: [db1.arn] }),
      ]),
      expect: [{ status: 'fail', messageId: 'notProtected', resource: 'db-1' }],
    },
    {
      name: 'Resources and Conditions must both match (StringNotEquals stage=test)',
      facts: facts(
        [
          backupSelection({
            planId: 'plan-1',
            resources: ['arn:aws:rds:*:*:db:*'],
            conditions: { ...none, stringNotEquals: cond('aws:ResourceTag/stage', 'test') },
          }),
        ],
        [db1, db2],
      ),
      expect: [{ status: 'fail', messageId: 'notProtected', resource: 'db-2' }],
    },
    {
      name: 'Conditions are ANDed: one missing tag is enough to miss',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          conditions: {
            ...none,
            stringEquals: [...cond('aws:ResourceTag/backup', 'true'), ...cond('aws:ResourceTag/owner', 'x')],
          },
        }),
      ]),
      expect: [{ status: 'fail', messageId: 'notProtected' }],
    },
    {
      name: 'tag values are case sensitive',
      facts: facts([
        backupSelection({
          planId: 'plan-1',
          conditions: { ...none, stringEquals: cond('aws:ResourceTag/backup', 'TRUE') },
        }),
      ]),
      expect: [{ status: 'fail', messageId: 'notProtected' }],
    },
    {
      name: 'a selection of a plan in another region or account does not cover',
      facts: facts([
        backupSelection({ planId: 'plan-1', region: 'eu-west-1' }),
        backupSelection({ planId: 'plan-1', account: '222222222222' }),
      ]),
      expect: [{ status: 'fail', messageId: 'notProtected', data: { checked: 0 } }],
    },
    {
      name: 'a selection whose plan was not found covers nothing',
      facts: facts([backupSelection({ planId: 'gone', resources: [db1.arn] })]),
      expect: [{ status: 'fail', messageId: 'notProtected', data: { checked: 1 } }],
    },
    {
      name: 'an ARN list naming other databases does not cover',
      facts: facts([backupSelection({ planId: 'plan-1', resources: [db2.arn] })]),
      expect: [{ status: 'fail', messageId: 'notProtected', data: { checked: 1 } }],
    },
    {
      name: 'Aurora members are judged at their cluster',
      facts: {
        ...facts([backupSelection({ planId: 'plan-1', resources: ['arn:aws:rds:*:*:db:*'] })], []),
        'aws.rds.instances': [rdsInstance({ id: 'm-1', clusterId: 'c-1' })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1' })],
      },
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' },
        { status: 'fail', messageId: 'notProtected', resource: 'c-1' },
      ],
    },
    {
      name: 'read replicas are skipped by default',
      facts: facts([], [rdsInstance({ id: 'r-1', readReplicaSourceId: 'db-1' })]),
      expect: [{ status: 'skipped', messageId: 'readReplicaSkipped', resource: 'r-1' }],
    },
    {
      name: 'selections that could not be read are an error for the databases there',
      facts: { ...facts([]), 'aws.backup.selections': [] },
      errors: [factError({ fact: 'aws.backup.selections', operation: 'backup:ListBackupSelections' })],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'db-1' }],
    },
    {
      name: 'no databases in scope is not a pass',
      facts: facts([], []),
      expect: [{ status: 'fail', messageId: 'noResourcesInScope' }],
    },
  ],
  invalidOptions: [
    { name: 'unknown replica mode', options: { readReplicas: 'sometimes' }, path: '/readReplicas' },
  ],
});
