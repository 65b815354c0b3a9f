// SL-MAINTENANCE: "announced maintenance." Each DB instance and cluster (Aurora at its cluster) keeps its
// preferred maintenance window inside the announced window, clear of its daily backup window; no pending
// maintenance action will be applied (forced, auto-applied or scheduled date) within the notice period;
// and auto minor version upgrade is as the policy says.
//
//   - id: thesmios.maintenance.window
//     check: aws.rds.maintenance-window
//     options: { days: [sun], startTime: '01:00', endTime: '05:00', noticeDays: 14 }

import { defineCheck } from '../src/kit/define.js';
import type { DbInstanceItem } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { DAY_MINUTES } from '../src/lib/duration.js';
import { groupBy, SUBJECT_MESSAGES, subjects, time } from '../src/lib/protection.js';
import {
  announcedSpans,
  formatSpan,
  overlaps,
  parseDailyWindow,
  parseWeeklyWindow,
  WEEKDAYS,
  within,
} from '../src/lib/windows.js';
import type { FactItem } from '../src/snapshot/facts.js';
import { Type } from '../src/util/typebox.js';

const Clock = (d: string, description: string) =>
  Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: d, description });

const REQUIRES = ['aws.rds.instances', 'aws.rds.clusters', 'aws.rds.pendingMaintenance'] as const;

type PendingAction = FactItem<'aws.rds.pendingMaintenance'>;

/** The pending actions of a database and its members, each with the earliest date it may be applied. */
function pendingOf(
  pending: ReadonlyMap<string, PendingAction[]>,
  arn: string,
  members: readonly DbInstanceItem[],
) {
  const out: (PendingAction['actions'][number] & { resourceArn: string; dueAt: number })[] = [];
  for (let i = -1; i < members.length; i++) {
    const resourceArn = i < 0 ? arn : (members[i] as DbInstanceItem).arn;
    for (const p of pending.get(resourceArn) ?? [])
      for (const a of p.actions) {
        const dates = [a.autoAppliedAfterDate, a.forcedApplyDate, a.currentApplyDate]
          .map(time)
          .filter((t) => !Number.isNaN(t));
        out.push(
          Object.assign({ resourceArn }, a, { dueAt: dates.length ? Math.min(...dates) : Number.NaN }),
        );
      }
  }
  return out;
}

export default defineCheck({
  id: 'aws.rds.maintenance-window',
  meta: {
    title: 'Maintenance happens only in the announced window, with notice',
    description:
      'Preferred maintenance windows (UTC, may wrap the week) lie inside the announced window and do not ' +
      'overlap the daily backup window; pending maintenance actions due within noticeDays are reported; auto ' +
      "minor version upgrade matches the policy. Aurora clusters are judged with their members' actions.",
    severity: 'medium',
    docs:
      'policies:\n  - id: maintenance.window\n    check: aws.rds.maintenance-window\n' +
      "    options: { days: [sun], startTime: '01:00', endTime: '05:00', noticeDays: 14 }",
    remediation:
      'Set PreferredMaintenanceWindow inside the announced window and away from PreferredBackupWindow; ' +
      'announce or defer pending actions (apply-pending-maintenance-action --opt-in-type undo-opt-in).',
  },
  options: Type.Object(
    {
      days: Type.Array(Type.Unsafe<(typeof WEEKDAYS)[number]>({ type: 'string', enum: [...WEEKDAYS] }), {
        minItems: 1,
        uniqueItems: true,
        default: ['sun'],
        description: 'Days (UTC) of the announced maintenance window.',
      }),
      startTime: Clock('01:00', 'Start of the announced window, hh:mm UTC.'),
      endTime: Clock(
        '05:00',
        'End of the announced window, hh:mm UTC; at or before the start runs into the next day.',
      ),
      noticeDays: Type.Integer({
        minimum: 0,
        default: 14,
        description: 'Maintenance due within this many days lacks notice.',
      }),
      autoMinorVersionUpgrade: Type.Union(
        [Type.Literal('any'), Type.Literal('enabled'), Type.Literal('disabled')],
        {
          default: 'any',
          description: 'Required auto minor version upgrade setting, or any.',
        },
      ),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    ...SUBJECT_MESSAGES,
    maintenanceOk:
      'Maintenance window {{window}} is inside the announced window and clear of backups; nothing due without notice.',
    outsideAnnouncedWindow: 'Maintenance window {{window}} is not inside the announced window {{announced}}.',
    overlapsBackupWindow: 'Maintenance window {{window}} overlaps the daily backup window {{backupWindow}}.',
    maintenanceWithoutNotice: '{{action}} is due {{due}}, within the {{noticeDays}}-day notice period.',
    autoMinorUpgradeMismatch: 'Auto minor version upgrade is {{actual}}; the policy requires {{expected}}.',
    windowUnreadable: 'The maintenance or backup window ({{window}}) cannot be read.',
  },
  *evaluate(facts, options, ctx) {
    const announced = announcedSpans(options.days, options.startTime, options.endTime);
    const pending = groupBy(facts['aws.rds.pendingMaintenance'], (p) => p.resourceArn);
    const byKey = new Map(facts['aws.rds.instances'].map((i) => [`${i.account}/${i.region}/${i.id}`, i]));
    const horizon = ctx.now.getTime() + options.noticeDays * DAY_MINUTES * 60_000;
    const announcedText = announced.map(formatSpan).join(', ');
    // The same few window texts recur across thousands of databases: each is written out once.
    const spanText = new Map<string, string>();
    const all = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, 'judge');
    yield* all.others;
    for (const db of all.subjects) {
      const resource = db.ref;
      const members: DbInstanceItem[] =
        db.kind === 'cluster'
          ? ('members' in db.item ? db.item.members : []).flatMap(
              (m) => byKey.get(`${db.account}/${db.region}/${m.id}`) ?? [],
            )
          : [db.item as DbInstanceItem];
      const window = db.item.maintenanceWindow ?? '';
      const mw = parseWeeklyWindow(window);
      const bw = db.item.backupWindow ? parseDailyWindow(db.item.backupWindow) : [];
      if (!mw || !bw) {
        const data = { window: mw ? (db.item.backupWindow ?? '') : window || 'none' };
        yield { status: 'error', messageId: 'windowUnreadable', resource, data };
        continue;
      }
      const due = pendingOf(pending, db.arn, members);
      const soon = due.filter((a) => a.dueAt <= horizon).sort((a, b) => a.dueAt - b.dueAt)[0];
      const upgrades = members.map((m) => (m.autoMinorVersionUpgrade ? 'enabled' : 'disabled'));
      const actual = [...new Set(upgrades)].join('/') || 'unknown';
      const clash = bw.find((b) => overlaps(mw, b));
      const checks = {
        outsideAnnouncedWindow: !announced.some((a) => within(mw, a)),
        overlapsBackupWindow: clash !== undefined,
        maintenanceWithoutNotice: soon !== undefined,
        autoMinorUpgradeMismatch:
          options.autoMinorVersionUpgrade !== 'any' && actual !== options.autoMinorVersionUpgrade,
      } as const;
      const issues = (Object.keys(checks) as (keyof typeof checks)[]).filter((k) => checks[k]);
      let windowText = spanText.get(window);
      if (windowText === undefined) {
        windowText = formatSpan(mw);
        spanText.set(window, windowText);
      }
      const data = {
        window: windowText,
        announced: announcedText,
        backupWindow: db.item.backupWindow ?? 'none',
        action: soon ? `${soon.action} on ${soon.resourceArn}` : '',
        due: soon ? new Date(soon.dueAt).toISOString() : '',
        noticeDays: options.noticeDays,
        actual,
        expected: options.autoMinorVersionUpgrade,
        issues: issues.join(', '),
      };
      const evidence = {
        maintenanceWindow: window,
        backupWindow: db.item.backupWindow ?? null,
        announced: data.announced,
        pendingActions: due,
        autoMinorVersionUpgrade: actual,
        issues,
      };
      const first = issues[0];
      yield first
        ? { status: 'fail', messageId: first, resource, data, evidence }
        : { status: 'pass', messageId: 'maintenanceOk', resource, data, evidence };
    }
  },
});
