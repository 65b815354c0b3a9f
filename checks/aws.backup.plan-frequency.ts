// SL-RECOVERY-TARGETS: "RPO … set per production order form." The plans protecting each database back
// it up often enough for the RPO — the worst-case gap (longest scheduled interval, in the rule's time zone,
// plus the start window; src/lib/schedule.ts) is within maxGapMinutes, or a continuous (point-in-time)
// rule gives an RPO of 5 minutes — and every rule and copy keeps backups minRetentionDays, with the 90 days
// AWS requires in cold storage (API Lifecycle: DeleteAfterDays ≥ MoveToColdStorageAfterDays + 90).
//
//   - id: thesmios.recovery.backup-frequency
//     check: aws.backup.plan-frequency
//     options:
//       maxGapMinutes: '${target.orderForm.rpoMinutes}'
//       minRetentionDays: '${target.orderForm.backupRetentionDays}'

import { defineCheck } from '../src/kit/define.js';
import { readReplicasOption } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { formatMinutes } from '../src/lib/duration.js';
import {
  type BackupPlan,
  coverageOf,
  retentionOf,
  SUBJECT_MESSAGES,
  subjects,
} from '../src/lib/protection.js';
import { cachedWorstGap, ruleTiming, timingProblem } from '../src/lib/schedule.js';
import type { MessageData } from '../src/model/types.js';
import { Type } from '../src/util/typebox.js';

const CONTINUOUS_RPO_MINUTES = 5;
const finite = (n: number) => (Number.isFinite(n) ? n : null);
type Id =
  | 'frequencyOk'
  | 'continuousOk'
  | 'gapTooLong'
  | 'scheduleStops'
  | 'retentionTooShort'
  | 'coldStorageTooShort'
  | 'scheduleInvalid';

/** The verdict for a set of plans; every database those plans (exactly) protect shares it. */
function judgePlans(plans: readonly BackupPlan[], max: number, minRetentionDays: number, now: Date) {
  const maxGap = formatMinutes(max);
  const rules = plans.flatMap((plan) => plan.rules.map((rule) => ({ plan, rule })));
  const verdict = (
    status: 'pass' | 'fail' | 'error',
    messageId: Id,
    data: MessageData,
    evidence: object,
  ) => ({
    status,
    messageId,
    data,
    evidence: { plans: plans.map((p) => p.arn), ...evidence },
  });
  const timings = rules.map(({ rule }) => ruleTiming(rule));
  const bad = rules.find(({ rule }) => timingProblem(ruleTiming(rule)));
  if (bad) {
    const data = {
      plan: bad.plan.name,
      rule: bad.rule.name,
      error: timingProblem(ruleTiming(bad.rule)) ?? '',
    };
    return verdict('error', 'scheduleInvalid', data, data);
  }
  const gap = cachedWorstGap(timings, now);
  const continuous =
    max >= CONTINUOUS_RPO_MINUTES ? rules.find(({ rule }) => rule.continuousBackup) : undefined;
  const retention = retentionOf(rules, minRetentionDays);
  const evidence = {
    rules: rules.map(({ plan, rule }) => ({ plan: plan.name, ...rule })),
    worstGapMinutes: finite(gap.worstGapMinutes),
    maxIntervalMinutes: finite(gap.maxIntervalMinutes),
    worstGapFrom: gap.from ?? null,
    worstGapTo: gap.to ?? null,
    horizonDays: gap.horizonDays,
    continuousRule: continuous?.rule.name ?? null,
    shortestRetentionDays: finite(retention.shortestDays),
    maxGapMinutes: max,
    minRetentionDays,
  };
  const gapOk = gap.worstGapMinutes <= max;
  const worst = {
    worstGapMinutes: gap.worstGapMinutes,
    worstGap: formatMinutes(gap.worstGapMinutes),
    maxGap,
  };
  if (!continuous && !gapOk) {
    return gap.unbounded
      ? verdict(
          'fail',
          'scheduleStops',
          { reason: gap.unbounded, lastRun: gap.from ?? 'never', maxGap },
          evidence,
        )
      : verdict(
          'fail',
          'gapTooLong',
          {
            ...worst,
            maxIntervalMinutes: gap.maxIntervalMinutes,
            maxInterval: formatMinutes(gap.maxIntervalMinutes),
          },
          evidence,
        );
  }
  const { tooShort, coldTooShort: cold } = retention;
  if (tooShort) {
    const data = {
      plan: tooShort.plan,
      what: tooShort.what,
      retentionDays: tooShort.deleteAfterDays,
      minRetentionDays,
    };
    return verdict('fail', 'retentionTooShort', data, evidence);
  }
  if (cold)
    return verdict(
      'fail',
      'coldStorageTooShort',
      { ...cold, coldDays: cold.deleteAfterDays - cold.moveAfterDays },
      evidence,
    );
  const kept = Number.isFinite(retention.shortestDays)
    ? `at least ${retention.shortestDays} days`
    : 'indefinitely';
  return continuous && !gapOk
    ? verdict(
        'pass',
        'continuousOk',
        { plan: continuous.plan.name, rule: continuous.rule.name, maxGap, retention: kept },
        evidence,
      )
    : verdict('pass', 'frequencyOk', { ...worst, retention: kept }, evidence);
}

const REQUIRES = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.backup.plans',
  'aws.backup.selections',
] as const;

export default defineCheck({
  id: 'aws.backup.plan-frequency',
  meta: {
    title: 'Backup plans run often enough for the RPO and keep backups long enough',
    description:
      'For the AWS Backup plans selecting each database, the worst-case gap between backups (cron or rate ' +
      'schedule in its time zone, plus the start window, default 8 hours) is within the RPO, or a ' +
      'continuous-backup rule gives point-in-time recovery; every rule and copy action keeps recovery ' +
      'points at least minRetentionDays, and cold-storage transitions leave the 90 days AWS requires.',
    severity: 'critical',
    docs:
      'policies:\n  - id: recovery.backup-frequency\n    check: aws.backup.plan-frequency\n' +
      "    options:\n      maxGapMinutes: '${target.orderForm.rpoMinutes}'\n" +
      "      minRetentionDays: '${target.orderForm.backupRetentionDays}'",
    remediation:
      'Schedule the rule more often (e.g. cron(0 * ? * * *) for hourly), shorten StartWindowMinutes, or ' +
      'enable continuous backup; raise DeleteAfterDays on the rule and its copy actions.',
  },
  options: Type.Object(
    {
      maxGapMinutes: Type.Integer({
        minimum: 1,
        default: 1440,
        description: 'RPO: the longest time allowed between two backups, in minutes.',
      }),
      minRetentionDays: Type.Integer({
        minimum: 1,
        default: 7,
        description: 'Every rule and copy action must keep recovery points at least this many days.',
      }),
      readReplicas: readReplicasOption('skip', 'skip them (their source is backed up) or judge them too.'),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    ...SUBJECT_MESSAGES,
    frequencyOk: 'Backups at worst {{worstGap}} apart (RPO {{maxGap}}), kept {{retention}}.',
    continuousOk:
      'Continuous backup (rule {{rule}} of plan {{plan}}) meets the RPO of {{maxGap}}; kept {{retention}}.',
    gapTooLong:
      'Backups can be {{worstGap}} apart (longest interval {{maxInterval}} plus the start window), over the RPO of {{maxGap}}.',
    scheduleStops:
      'The schedules stop ({{reason}}, last run {{lastRun}}), so the RPO of {{maxGap}} cannot hold.',
    retentionTooShort:
      '{{what}} of plan {{plan}} keeps backups {{retentionDays}} days; at least {{minRetentionDays}} required.',
    coldStorageTooShort:
      '{{what}} of plan {{plan}} leaves {{coldDays}} days in cold storage (move after {{moveAfterDays}}, delete after {{deleteAfterDays}}); AWS requires 90.',
    scheduleInvalid: 'Rule {{rule}} of plan {{plan}}: the schedule cannot be read: {{error}}.',
    notProtected: 'No backup plan selects it, so no backup is scheduled.',
  },
  *evaluate(facts, options, ctx) {
    const coverage = coverageOf(facts['aws.backup.plans'], facts['aws.backup.selections']);
    // Judged once per distinct set of plans (plansOf returns one array for each).
    const verdicts = new Map<readonly BackupPlan[], ReturnType<typeof judgePlans>>();
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, options.readReplicas);
    yield* all.others;
    for (const db of all.subjects) {
      const plans = coverage.plansOf(db);
      if (plans.every((p) => p.rules.length === 0)) {
        yield { status: 'fail', messageId: 'notProtected', resource: db.ref };
        continue;
      }
      let verdict = verdicts.get(plans);
      if (!verdict) {
        verdict = judgePlans(plans, options.maxGapMinutes, options.minRetentionDays, ctx.now);
        verdicts.set(plans, verdict);
      }
      yield Object.assign({ resource: db.ref }, verdict);
    }
  },
});
