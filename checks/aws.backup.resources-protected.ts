// SL-BACKUPS: "Managed backups … are required before production enterprise rollout." Every in-scope DB
// instance and cluster (Aurora members at their cluster) is selected by at least one AWS Backup plan
// selection in its own account and region, matched by AWS's own rules (src/lib/selection.ts).
//
//   - id: thesmios.backups.protected
//     check: aws.backup.resources-protected
//     options: { readReplicas: skip }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { coverageOf, SUBJECT_MESSAGES, subjects } from '../src/lib/protection.js';
import { Type } from '../src/util/typebox.js';

const REQUIRES = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.backup.plans',
  'aws.backup.selections',
] as const;

export default defineCheck({
  id: 'aws.backup.resources-protected',
  meta: {
    title: 'Every database is assigned to an AWS Backup plan',
    description:
      'Each in-scope RDS instance and cluster is selected by a backup plan selection (Resources, ' +
      'NotResources, ListOfTags and Conditions combined as AWS Backup does). Aurora members are judged ' +
      'at their cluster, the resource AWS Backup protects.',
    severity: 'critical',
    docs:
      'policies:\n  - id: backups.protected\n    check: aws.backup.resources-protected\n' +
      '    options: { readReplicas: skip }',
    remediation:
      "Assign the database to a backup plan: add its ARN to a selection's Resources, or tag it to match a " +
      'selection\'s Conditions (e.g. aws:ResourceTag/backup = "true"), and check no NotResources entry excludes it.',
  },
  options: Type.Object(
    {
      readReplicas: readReplicasOption('skip', 'skip them (their source is backed up) or judge them too.'),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    ...SUBJECT_MESSAGES,
    protected: 'Selected by plan {{plan}}, selection {{selection}} ({{covers}} selection(s) in all).',
    notProtected:
      'No backup plan selection in {{account}}/{{region}} selects it ({{checked}} selection(s) checked).',
  },
  *evaluate(facts, options, ctx) {
    const coverage = coverageOf(facts['aws.backup.plans'], facts['aws.backup.selections']);
    const { subjects: dbs, others } = subjects(
      facts['aws.rds.instances'],
      facts['aws.rds.clusters'],
      ctx,
      options.readReplicas,
    );
    yield* others;
    for (const db of dbs) {
      const covers = coverage.of(db);
      const first = covers[0];
      if (first) {
        yield {
          status: 'pass',
          messageId: 'protected',
          resource: db.ref,
          data: { plan: first.plan.name, selection: first.selection.name, covers: covers.length },
          evidence: {
            covers: covers.map((c) => ({
              plan: c.plan.name,
              planArn: c.plan.arn,
              selection: c.selection.name,
              selectionId: c.selection.selectionId,
              via: c.via,
              ...(c.matched ? { matched: c.matched } : {}),
            })),
          },
        };
        continue;
      }
      const whyNot = coverage.whyNot(db);
      const arnLists = coverage.otherArnLists(db);
      yield {
        status: 'fail',
        messageId: 'notProtected',
        resource: db.ref,
        data: { account: db.account, region: db.region, checked: whyNot.length + arnLists },
        evidence: { tags: db.tags, whyNot, arnListSelectionsWithoutIt: arnLists },
      };
    }
  },
});
