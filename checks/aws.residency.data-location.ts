// SL-RESIDENCY: "RPO and RTO … depend on selected data residency." Every copy of the data stays in the
// regions the target's residency allows: databases and their read replicas and replication sources,
// automated-backup replications, snapshots and their copies, backup vaults, and the copy destinations of
// the backup plans that protect the databases (region read from the destination vault ARN). Snapshots
// shared publicly ("all") or with accounts outside the target's own and allowedAccounts fail.
//
//   - id: thesmios.residency.data-location
//     check: aws.residency.data-location
//     options: { allowedAccounts: [] }

import { type CheckResult, defineCheck } from '../src/kit/define.js';
import type { DbClusterItem, DbInstanceItem } from '../src/kit/subjects.js';
import { iamActions } from '../src/lib/actions.js';
import { arnRegion } from '../src/lib/arn.js';
import { type BackupPlan, coverageOf, subjects } from '../src/lib/protection.js';
import type { ResourceRef } from '../src/model/types.js';
import { compareStrings } from '../src/util/compare.js';
import { Type } from '../src/util/typebox.js';

type Where = { what: string; region: string };
/** Regions named by ids that may be ARNs (cross-region replicas are named by ARN). */
function addArns(where: Where[], what: string, ids: readonly string[] | undefined): void {
  for (const id of ids ?? [])
    if (id.startsWith('arn:')) where.push({ what: `${what} ${id}`, region: arnRegion(id) ?? 'unknown' });
}

const REQUIRES = [
  'aws.rds.instances',
  'aws.rds.clusters',
  'aws.rds.snapshots',
  'aws.rds.snapshotAttributes',
  'aws.rds.automatedBackups',
  'aws.backup.plans',
  'aws.backup.selections',
  'aws.backup.vaults',
] as const;

export default defineCheck({
  id: 'aws.residency.data-location',
  meta: {
    title: 'Data and every copy of it stay in the residency regions',
    description:
      'Databases, read replicas, replication sources, automated-backup replications, snapshots and their ' +
      'copies, backup vaults and backup plan copy destinations are in regions the target residency allows; ' +
      "snapshots are not public nor shared outside the target's accounts and allowedAccounts.",
    severity: 'critical',
    docs:
      'policies:\n  - id: residency.data-location\n    check: aws.residency.data-location\n' +
      "    options: { allowedAccounts: ['222222222222'] }",
    remediation:
      'Remove cross-region replicas, copies and copy actions to regions outside the residency; delete or ' +
      'unshare public and foreign-shared snapshots (modify-db-snapshot-attribute --values-to-remove).',
  },
  options: Type.Object(
    {
      allowedAccounts: Type.Array(Type.String({ pattern: '^[0-9]{12}$' }), {
        default: [],
        uniqueItems: true,
        description: "Accounts snapshots may be shared with besides the target's own.",
      }),
    },
    { additionalProperties: false },
  ),
  requires: REQUIRES,
  permissions: iamActions(REQUIRES),
  messages: {
    inResidency: '{{what}} is in {{regions}}, inside residency {{residency}} ({{allowed}}).',
    outsideResidency: '{{what}} puts data in {{outside}}, outside residency {{residency}} ({{allowed}}).',
    snapshotPublic: 'Snapshot {{snapshot}} is public: its restore attribute includes "all".',
    snapshotShared: 'Snapshot {{snapshot}} is shared with {{accounts}}, outside the allowed accounts.',
    residencyUnknown: 'The target declares no known residency, so no region can be judged.',
  },
  *evaluate(facts, options, ctx) {
    const allowed = ctx.target.residencyRegions;
    if (!allowed) {
      yield {
        status: 'error',
        messageId: 'residencyUnknown',
        data: { residency: ctx.target.residency ?? null },
      };
      return;
    }
    const ok = new Set(allowed);
    const residency = ctx.target.residency ?? '';
    const allowedText = allowed.join(', ');
    const judge = (
      resource: ResourceRef,
      what: string,
      where: Where[],
      extra = {},
    ): CheckResult<'inResidency' | 'outsideResidency'> => {
      const outside: Where[] = [];
      for (const w of where) if (!ok.has(w.region)) outside.push(w);
      const data = { what, residency, allowed: allowedText };
      const evidence = Object.assign({ locations: where, allowedRegions: allowed }, extra);
      return outside.length
        ? {
            status: 'fail',
            messageId: 'outsideResidency',
            resource,
            data: Object.assign(data, { outside: outside.map((w) => `${w.region} (${w.what})`).join('; ') }),
            evidence,
          }
        : {
            status: 'pass',
            messageId: 'inResidency',
            resource,
            data: Object.assign(data, { regions: [...new Set(where.map((w) => w.region))].join(', ') }),
            evidence,
          };
    };

    const dbs = subjects(facts['aws.rds.instances'], facts['aws.rds.clusters'], ctx, 'judge').subjects;
    const dbKeys = new Set(dbs.map((d) => `${d.account}/${d.item.id}`));
    for (const db of dbs) {
      const inst = db.kind === 'instance' ? (db.item as DbInstanceItem) : undefined;
      const source = inst ? inst.readReplicaSourceId : (db.item as DbClusterItem).replicationSourceArn;
      const where: Where[] = [
        { what: inst?.readReplicaSourceId ? 'read replica' : db.kind, region: db.region },
      ];
      if (source) addArns(where, 'replication source', [source]);
      addArns(where, 'read replica', db.item.readReplicaIds);
      addArns(where, 'automated backup replication', inst?.automatedBackupReplications);
      yield judge(db.ref, `${db.kind === 'cluster' ? 'Cluster' : 'Instance'} ${db.item.id}`, where);
    }

    const shares = new Map(
      facts['aws.rds.snapshotAttributes'].map((a) => [a.snapshotArn, a.restoreAccounts]),
    );
    const accounts = new Set([
      ...(ctx.target.aws?.accounts ?? []).map((a) => a.id),
      ...options.allowedAccounts,
    ]);
    const allowedAccounts = [...accounts].sort(compareStrings);
    for (const s of facts['aws.rds.snapshots']) {
      const type = s.kind === 'cluster' ? 'aws.rds.db-cluster-snapshot' : 'aws.rds.db-snapshot';
      const resource = { type, id: s.id, arn: s.arn, account: s.account, region: s.region };
      if (
        !dbKeys.has(`${s.account}/${s.sourceId}`) &&
        !ctx.inScope(Object.assign({ tags: s.tags }, resource))
      )
        continue;
      const restore = shares.get(s.arn) ?? [];
      const foreign = restore.filter((a) => a !== 'all' && !accounts.has(a) && a !== s.account);
      const evidence = { restoreAccounts: restore, allowedAccounts };
      if (restore.includes('all'))
        yield { status: 'fail', messageId: 'snapshotPublic', resource, data: { snapshot: s.id }, evidence };
      else if (foreign.length)
        yield {
          status: 'fail',
          messageId: 'snapshotShared',
          resource,
          data: { snapshot: s.id, accounts: foreign.join(', ') },
          evidence,
        };
      else {
        const where = [
          { what: 'snapshot', region: s.region },
          ...(s.sourceRegion ? [{ what: 'copied from', region: s.sourceRegion }] : []),
        ];
        yield judge(resource, `Snapshot ${s.id}`, where, evidence);
      }
    }

    const dbArns = new Set(dbs.map((d) => d.arn));
    for (const b of facts['aws.rds.automatedBackups']) {
      if (!dbArns.has(b.sourceArn)) continue;
      const resource = {
        type: 'aws.rds.automated-backup',
        id: b.arn,
        arn: b.arn,
        account: b.account,
        region: b.region,
      };
      yield judge(resource, `Automated backups of ${b.sourceArn}`, [
        { what: b.replicated ? 'replicated automated backups' : 'automated backups', region: b.region },
        { what: 'source', region: b.sourceRegion },
      ]);
    }

    for (const v of facts['aws.backup.vaults']) {
      const resource = {
        type: 'aws.backup.vault',
        id: v.name,
        arn: v.arn,
        account: v.account,
        region: v.region,
      };
      yield judge(resource, `Backup vault ${v.name}`, [{ what: 'vault', region: v.region }]);
    }

    const coverage = coverageOf(facts['aws.backup.plans'], facts['aws.backup.selections']);
    const covering = new Set<BackupPlan>();
    for (const db of dbs) for (const p of coverage.plansOf(db)) covering.add(p);
    const plans = new Map([...covering].map((p) => [p.arn, p]));
    for (const p of [...plans.values()].sort((a, b) => compareStrings(a.arn, b.arn))) {
      const resource = {
        type: 'aws.backup.plan',
        id: p.name,
        arn: p.arn,
        account: p.account,
        region: p.region,
      };
      const copies = p.rules.flatMap((r) =>
        r.copyActions.map((c) => ({
          what: `copy action of rule ${r.name} to ${c.destinationVaultArn}`,
          region: arnRegion(c.destinationVaultArn) ?? 'unknown',
        })),
      );
      yield judge(resource, `Backup plan ${p.name}`, [{ what: 'plan', region: p.region }, ...copies]);
    }
  },
});
