import { expect, it } from 'vitest';
import { daysAgo, factError, rdsCluster, rdsInstance, restoreJob, target } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.rds.fictional-data.js';

const FICTIONAL = { 'data-classification': 'fictional' };
const PROD_DB = 'arn:aws:rds:eu-west-2:333333333333:db:acme-core-db';
const PROD_POINT = 'arn:aws:rds:eu-west-2:333333333333:snapshot:awsbackup:job-acme-core';
const db = rdsInstance({ id: 'demo-db', tags: FICTIONAL });
const own = restoreJob({
  jobId: 'own',
  recoveryPointArn: `arn:aws:rds:eu-west-2:${db.account}:snapshot:awsbackup:job-demo`,
  sourceResourceArn: `arn:aws:rds:eu-west-2:${db.account}:db:demo-seed`,
  createdResourceArn: db.arn,
});
const facts = (instances = [db], jobs = [own], clusters: ReturnType<typeof rdsCluster>[] = []) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': clusters,
  'aws.backup.restoreJobs': jobs,
});

it('asks the collector for restore jobs as far back as the window', () => {
  expect(check.needs?.({ lookbackDays: 120 }, target())).toEqual({ restoreJobWindowDays: 120 });
});

new CheckTester(check).run({
  valid: [
    {
      name: 'tagged fictional and restored only from its own account',
      facts: facts(),
      expect: [{ status: 'pass', messageId: 'fictional', resource: 'demo-db', data: { restores: 1 } }],
    },
    {
      name: 'a cluster is judged by its own tag; restores of other databases do not count against it',
      facts: facts(
        [],
        [{ ...own, sourceResourceArn: PROD_DB, createdResourceArn: 'arn:aws:rds:eu-west-2:1:db:elsewhere' }],
        [rdsCluster({ id: 'demo-cluster', tags: FICTIONAL })],
      ),
      expect: [{ status: 'pass', messageId: 'fictional', resource: 'demo-cluster', data: { restores: 0 } }],
    },
    {
      name: 'a seed-data account may be allowed',
      facts: facts([db], [{ ...own, sourceResourceArn: PROD_DB, recoveryPointArn: PROD_POINT }]),
      options: { allowedSourceAccounts: ['333333333333'] },
    },
    {
      name: 'another tag key and value',
      facts: facts([rdsInstance({ id: 'd', tags: { classification: 'synthetic' } })], []),
      options: { tagKey: 'classification', tagValue: 'synthetic' },
    },
    {
      name: 'a restore from another account older than the window is not examined',
      facts: facts([db], [{ ...own, sourceResourceArn: PROD_DB, creationDate: daysAgo(100) }]),
      options: { lookbackDays: 90 },
    },
  ],
  invalid: [
    {
      name: 'an untagged database',
      facts: facts([rdsInstance({ id: 'scratch' })], []),
      expect: [
        {
          status: 'fail',
          messageId: 'notTagged',
          resource: 'scratch',
          data: { found: 'no such tag', tagKey: 'data-classification' },
        },
      ],
    },
    {
      name: 'a database tagged otherwise',
      facts: facts([rdsInstance({ id: 'crm', tags: { 'data-classification': 'personal' } })], []),
      expect: [{ status: 'fail', messageId: 'notTagged', resource: 'crm', data: { found: '"personal"' } }],
    },
    {
      name: 'tagged fictional but restored from a production database: the restore decides',
      facts: facts([db], [own, { ...own, jobId: 'from-prod', sourceResourceArn: PROD_DB }]),
      expect: [
        {
          status: 'fail',
          messageId: 'restoredFromOutside',
          resource: 'demo-db',
          data: { jobId: 'from-prod', source: PROD_DB, sourceAccount: '333333333333' },
        },
      ],
    },
    {
      name: 'a recovery point in another account, source unknown',
      facts: facts(
        [db],
        [{ ...own, jobId: 'x', recoveryPointArn: PROD_POINT, sourceResourceArn: undefined }],
      ),
      expect: [
        {
          status: 'fail',
          messageId: 'restoredFromOutside',
          data: { source: PROD_POINT, sourceAccount: '333333333333' },
        },
      ],
    },
    {
      name: 'Aurora members are judged at their cluster',
      facts: facts(
        [rdsInstance({ id: 'm-1', clusterId: 'c-1', tags: FICTIONAL })],
        [],
        [rdsCluster({ id: 'c-1' })],
      ),
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' },
        { status: 'fail', messageId: 'notTagged', resource: 'c-1' },
      ],
    },
    {
      name: 'a member whose cluster is missing is an error',
      facts: facts([rdsInstance({ id: 'm-1', clusterId: 'gone' })], []),
      expect: [{ status: 'error', messageId: 'clusterNotFound', resource: 'm-1' }],
    },
    {
      name: 'read replicas are judged by default: their tags are their own',
      facts: facts([rdsInstance({ id: 'r-1', readReplicaSourceId: 'demo-db' })], []),
      expect: [{ status: 'fail', messageId: 'notTagged', resource: 'r-1' }],
    },
    {
      name: 'read replicas may be skipped',
      facts: facts([rdsInstance({ id: 'r-1', readReplicaSourceId: 'demo-db' })], []),
      options: { readReplicas: 'skip' },
      expect: [{ status: 'skipped', messageId: 'readReplicaSkipped', resource: 'r-1' }],
    },
    {
      name: 'no databases in scope is a failure, not a vacuous pass',
      facts: facts([], []),
      expect: [{ status: 'fail', messageId: 'noResourcesInScope' }],
    },
    {
      name: 'restore jobs that could not be read make the verdict an error',
      facts: facts([db], []),
      errors: [factError({ fact: 'aws.backup.restoreJobs', operation: 'backup:ListRestoreJobs' })],
      expect: [{ status: 'error', messageId: 'factUnavailable', resource: 'demo-db' }],
    },
  ],
  invalidOptions: [
    { name: 'an empty tag key', options: { tagKey: '' }, path: '/tagKey' },
    {
      name: 'an account id must have 12 digits',
      options: { allowedSourceAccounts: ['123'] },
      path: '/allowedSourceAccounts/0',
    },
    { name: 'a window of at least a day', options: { lookbackDays: 0 }, path: '/lookbackDays' },
  ],
});
