// SL-DEMO-DATA: "The public demo is for evaluation and uses fictional data." Every in-scope DB instance and
// cluster is tagged as holding fictional data, and no AWS Backup restore job created it from a recovery
// point of a resource in another account (a production account's backup restored into the demo brings
// real data with it). Restores done outside AWS Backup (RDS snapshot restores) are not seen here; the
// tag and the snapshot-sharing rules of aws.residency.data-location cover that side.
//
//   - id: thesmios.demo.fictional-data
//     check: aws.rds.fictional-data
//     options: { tagKey: data-classification, tagValue: fictional }

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { arnAccount } from '../src/lib/arn.js';
import { parseTime } from '../src/lib/duration.js';
import { groupBy, SUBJECT_MESSAGES, subjects } from '../src/lib/protection.js';
import type { FactItem } from '../src/snapshot/facts.js';
import { compareStrings } from '../src/util/compare.js';
import { Type } from '../src/util/typebox.js';

const REQUIRES = ['aws.rds.instances', 'aws.rds.clusters', 'aws.backup.restoreJobs'] as const;

type RestoreJob = FactItem<'aws.backup.restoreJobs'>;
const parsedTimes = new WeakMap<readonly RestoreJob[], Float64Array>();

/** Each job's creation time in epoch ms (NaN when unreadable), parsed once per list. */
function creationTimes(jobs: readonly RestoreJob[]): Float64Array {
  let times = parsedTimes.get(jobs);
  if (!times) {
    times = new Float64Array(jobs.length);
    for (let i = 0; i < jobs.length; i++) times[i] = parseTime((jobs[i] as RestoreJob).creationDate);
    parsedTimes.set(jobs, times);
  }
  return times;
}

export default defineCheck({
  id: 'aws.rds.fictional-data',
  meta: {
    title: 'Demo databases hold fictional data only',
    description:
      'Every in-scope DB instance and cluster carries the tag tagKey = tagValue, and no AWS Backup restore ' +
      'job within lookbackDays created it from a recovery point taken in, or of a resource in, an account ' +
      "other than the database's own and allowedSourceAccounts. Aurora members are judged at their cluster.",
    severity: 'critical',
    docs:
      'policies:\n  - id: demo.fictional-data\n    check: aws.rds.fictional-data\n' +
      '    options: { tagKey: data-classification, tagValue: fictional }',
    remediation:
      'Tag the database with the classification once its data is confirmed fictional (add-tags-to-resource); ' +
      'a database restored from another account holds real data: delete it and reseed it from fictional data.',
  },
  options: Type.Object(
    {
      tagKey: Type.String({
        minLength: 1,
        default: 'data-classification',
        description: 'Tag that classifies the data a database holds.',
      }),
      tagValue: Type.String({
        minLength: 1,
        default: 'fictional',
        description: 'The value that tag must have.',
      }),
      allowedSourceAccounts: Type.Array(Type.String({ pattern: '^[0-9]{12}$' }), {
        default: [],
        uniqueItems: true,
        description: "Accounts restores may come from besides the database's own (e.g. a seed-data account).",
      }),
      lookbackDays: Type.Integer({
        minimum: 1,
        default: 90,
        description: 'Restore jobs created within this many days are examined.',
      }),
      readReplicas: readReplicasOption(
        'judge',
        'judge them (default; their tags are their own) or skip them.',
      ),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    fictional:
      'Tagged {{tagKey}}={{tagValue}}; restored by AWS Backup {{restores}} time(s), never from another account.',
    notTagged:
      'Not tagged {{tagKey}}={{tagValue}} (found: {{found}}), so its data is not known to be fictional.',
    restoredFromOutside:
      'Restore job {{jobId}} created it from {{source}} in account {{sourceAccount}}, outside the allowed accounts; it may hold real data.',
    ...SUBJECT_MESSAGES,
  },
  needs: (options) => ({ restoreJobWindowDays: options.lookbackDays }),
  *evaluate(facts, options, ctx) {
    const { tagKey, tagValue } = options;
    const since = ctx.now.getTime() - options.lookbackDays * 86_400_000;
    const jobs = facts['aws.backup.restoreJobs'];
    const created = creationTimes(jobs);
    const jobsOf = groupBy(
      jobs.filter((_, i) => (created[i] as number) >= since),
      (j) => j.createdResourceArn,
    );
    // The accounts a restore may come from, per database account: the same few for every database.
    const allowedBy = new Map<string, { set: Set<string>; sorted: string[] }>();
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    for (const db of all.subjects) {
      const resource = db.ref;
      let accounts = allowedBy.get(db.item.account);
      if (!accounts) {
        const set = new Set([db.item.account, ...options.allowedSourceAccounts]);
        accounts = { set, sorted: [...set].sort(compareStrings) };
        allowedBy.set(db.item.account, accounts);
      }
      const allowed = accounts.set;
      const restores = (jobsOf.get(db.item.arn) ?? []).map((j) => {
        const source = j.sourceResourceArn ?? j.recoveryPointArn;
        const outside = [
          arnAccount(j.recoveryPointArn),
          j.sourceResourceArn && arnAccount(j.sourceResourceArn),
        ]
          .filter((a): a is string => Boolean(a))
          .find((a) => !allowed.has(a));
        return { jobId: j.jobId, recoveryPointArn: j.recoveryPointArn, source, outside };
      });
      const foreign = restores.find((r) => r.outside);
      const found = db.item.tags[tagKey];
      const evidence = {
        tags: db.item.tags,
        tagKey,
        tagValue,
        restoreJobs: restores,
        allowedSourceAccounts: accounts.sorted,
      };
      if (foreign) {
        const data = { jobId: foreign.jobId, source: foreign.source, sourceAccount: foreign.outside ?? '' };
        yield { status: 'fail', messageId: 'restoredFromOutside', resource, data, evidence };
      } else if (found !== tagValue) {
        const data = { tagKey, tagValue, found: found === undefined ? 'no such tag' : `"${found}"` };
        yield { status: 'fail', messageId: 'notTagged', resource, data, evidence };
      } else {
        const data = { tagKey, tagValue, restores: restores.length };
        yield { status: 'pass', messageId: 'fictional', resource, data, evidence };
      }
    }
  },
});
