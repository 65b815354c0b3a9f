import { factError, rdsCluster, rdsInstance } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './aws.rds.resilience.js';

const facts = (
  instances: ReturnType<typeof rdsInstance>[],
  clusters: ReturnType<typeof rdsCluster>[] = [],
) => ({
  'aws.rds.instances': instances,
  'aws.rds.clusters': clusters,
});

new CheckTester(check).run({
  valid: [
    {
      name: 'deletion protection, Multi-AZ and encryption',
      facts: facts([rdsInstance({ id: 'db-1' })], [rdsCluster({ id: 'c-1' })]),
      expect: [
        {
          status: 'pass',
          messageId: 'resilient',
          resource: 'db-1',
          data: { present: 'deletion protection, Multi-AZ, storage encryption' },
        },
      ],
    },
    {
      name: 'a single-AZ instance passes when Multi-AZ is switched off',
      facts: facts([rdsInstance({ id: 'db-1', multiAz: false })]),
      options: { multiAz: false },
      expect: [
        {
          status: 'pass',
          messageId: 'resilient',
          data: { present: 'deletion protection, storage encryption' },
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'everything missing is listed',
      facts: facts([
        rdsInstance({ id: 'db-1', multiAz: false, deletionProtection: false, storageEncrypted: false }),
      ]),
      expect: [
        {
          status: 'fail',
          messageId: 'notResilient',
          resource: 'db-1',
          data: { missing: 'deletion protection, Multi-AZ, storage encryption' },
        },
      ],
    },
    {
      name: 'an Aurora cluster without deletion protection; its members are judged there',
      facts: facts(
        [rdsInstance({ id: 'm-1', clusterId: 'c-1', deletionProtection: true })],
        [rdsCluster({ id: 'c-1', deletionProtection: false })],
      ),
      expect: [
        { status: 'skipped', messageId: 'judgedAtCluster', resource: 'm-1' },
        {
          status: 'fail',
          messageId: 'notResilient',
          resource: 'c-1',
          data: { missing: 'deletion protection' },
        },
      ],
    },
    {
      name: 'read replicas are skipped unless judged',
      facts: facts([rdsInstance({ id: 'r-1', readReplicaSourceId: 'db-1', multiAz: false })]),
      expect: [{ status: 'skipped', messageId: 'readReplicaSkipped', resource: 'r-1' }],
    },
    {
      name: 'read replicas judged when asked',
      facts: facts([rdsInstance({ id: 'r-1', readReplicaSourceId: 'db-1', multiAz: false })]),
      options: { readReplicas: 'judge' },
      expect: [{ status: 'fail', messageId: 'notResilient', data: { missing: 'Multi-AZ' } }],
    },
    {
      name: 'instances that could not be listed are an error',
      facts: facts([]),
      errors: [factError({ fact: 'aws.rds.instances' })],
      expect: [{ status: 'error', messageId: 'factUnavailable' }],
    },
  ],
  invalidOptions: [{ name: 'switches are booleans', options: { multiAz: 'yes' }, path: '/multiAz' }],
});
