// SL-RECOVERY-TARGETS: a production database survives an availability-zone failure and an accidental delete,
// and its data is encrypted at rest. Deletion protection, Multi-AZ and storage encryption, each switchable;
// Aurora members are judged at their cluster, where AWS sets all three.
//
//   - id: thesmios.resilience.rds
//     check: aws.rds.resilience
//     options: { deletionProtection: true, multiAz: true, storageEncrypted: true }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { SUBJECT_MESSAGES, subjects } from '../src/lib/protection.js';
import { Type } from '../src/util/typebox.js';

const SETTINGS = {
  deletionProtection: 'deletion protection',
  multiAz: 'Multi-AZ',
  storageEncrypted: 'storage encryption',
} as const;
type Setting = keyof typeof SETTINGS;
const toggle = (what: string) => Type.Boolean({ default: true, description: `Require ${what}.` });

const REQUIRES = ['aws.rds.instances', 'aws.rds.clusters'] as const;

export default defineCheck({
  id: 'aws.rds.resilience',
  meta: {
    title: 'Databases have deletion protection, Multi-AZ and encrypted storage',
    description:
      'Every in-scope DB instance and cluster has deletion protection, a Multi-AZ deployment and storage ' +
      'encryption, each of which a policy can switch off. Aurora members are judged at their cluster.',
    severity: 'high',
    docs:
      'policies:\n  - id: resilience.rds\n    check: aws.rds.resilience\n' +
      '    options: { deletionProtection: true, multiAz: true, storageEncrypted: true }',
    remediation:
      'modify-db-instance / modify-db-cluster with --deletion-protection and --multi-az (or add a reader in ' +
      'another AZ); encryption needs an encrypted snapshot copy restored to a new instance.',
  },
  options: Type.Object(
    {
      deletionProtection: toggle('deletion protection'),
      multiAz: toggle('a Multi-AZ deployment (for Aurora: instances in more than one AZ)'),
      storageEncrypted: toggle('encrypted storage'),
      readReplicas: readReplicasOption('skip', 'skip them or judge them too.'),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    ...SUBJECT_MESSAGES,
    resilient: 'It has {{present}}.',
    notResilient: 'It lacks {{missing}}.',
  },
  *evaluate(facts, options, ctx) {
    const required = (Object.keys(SETTINGS) as Setting[]).filter((s) => options[s]);
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    for (const db of all.subjects) {
      const observed = Object.fromEntries(required.map((s) => [s, db.item[s]]));
      const missing = required.filter((s) => !db.item[s]).map((s) => SETTINGS[s]);
      const evidence = Object.assign(observed, { kmsKeyId: db.item.kmsKeyId ?? null, required });
      yield missing.length
        ? {
            status: 'fail',
            messageId: 'notResilient',
            resource: db.ref,
            data: { missing: missing.join(', ') },
            evidence,
          }
        : {
            status: 'pass',
            messageId: 'resilient',
            resource: db.ref,
            data: { present: required.map((s) => SETTINGS[s]).join(', ') || 'no required settings' },
            evidence,
          };
    }
  },
});
