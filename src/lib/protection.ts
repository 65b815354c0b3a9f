// The joins the AWS Backup checks share: which databases are judged (Aurora members at their cluster),
// which plan selections cover each (same account and region as the plan), and recovery points and
// restore jobs by resource ARN. Everything is a map lookup; selections are scanned only within a region.

import type { CheckContext, CheckResult } from '../kit/define.js';
import { type DbClusterItem, type DbInstanceItem, databases, shared } from '../kit/subjects.js';
import type { ResourceRef } from '../model/types.js';
import type { FactItem } from '../snapshot/facts.js';
import { compareStrings } from '../util/compare.js';
import { entry } from '../util/map.js';
import { parseTime } from './duration.js';
import { type BackupSelection, exactArns, SelectionMatcher } from './selection.js';

export type BackupPlan = FactItem<'aws.backup.plans'>;
export type BackupRule = BackupPlan['rules'][number];
export type RecoveryPoint = FactItem<'aws.backup.recoveryPoints'>;
export type RestoreJob = FactItem<'aws.backup.restoreJobs'>;

export const SUBJECT_MESSAGES = {
  judgedAtCluster: 'Aurora member; judged at its cluster {{clusterId}}.',
  clusterNotFound: 'Member of cluster {{clusterId}}, which was not found in the collected clusters.',
  readReplicaSkipped: 'Read replica of {{sourceId}}; judged at its source.',
} as const;
export type SubjectMessageId = keyof typeof SUBJECT_MESSAGES;

/** A database judged in its own right: a standalone (or replica) instance, or a cluster. */
export interface Subject {
  kind: 'instance' | 'cluster';
  ref: ResourceRef;
  arn: string;
  account: string;
  region: string;
  tags: Record<string, string>;
  engine: string;
  /** AWS Backup's resource type name: RDS, Aurora, Neptune or DocumentDB. */
  backupType: string;
  item: DbInstanceItem | DbClusterItem;
}

export function backupResourceType(kind: 'instance' | 'cluster', engine: string): string {
  if (kind === 'instance') return 'RDS';
  if (engine.startsWith('aurora')) return 'Aurora';
  if (engine === 'neptune') return 'Neptune';
  if (engine === 'docdb') return 'DocumentDB';
  return 'RDS';
}

type Subjects = { subjects: readonly Subject[]; others: readonly CheckResult<SubjectMessageId>[] };
const subjectLists = new WeakMap<
  readonly DbInstanceItem[],
  WeakMap<readonly DbClusterItem[], Map<string, Subjects>>
>();

/** The databases to judge, and the results for those judged elsewhere (members, skipped replicas).
 * Shared by every check that asks with the same facts, scope and read-replica choice; read-only. */
export function subjects(
  instances: readonly DbInstanceItem[],
  clusters: readonly DbClusterItem[],
  ctx: CheckContext,
  readReplicas: 'skip' | 'judge' = 'judge',
): Subjects {
  const key = ctx.scopeKey === undefined ? undefined : `${readReplicas}|${ctx.scopeKey}`;
  return shared(
    instances,
    clusters,
    key,
    () => findSubjects(instances, clusters, ctx, readReplicas),
    subjectLists,
  );
}

function findSubjects(
  instances: readonly DbInstanceItem[],
  clusters: readonly DbClusterItem[],
  ctx: CheckContext,
  readReplicas: 'skip' | 'judge',
): Subjects {
  const out: Subject[] = [];
  const others: CheckResult<SubjectMessageId>[] = [];
  for (const db of databases(instances, clusters, ctx)) {
    const resource = db.ref;
    if (db.kind === 'member') {
      const data = { clusterId: db.item.clusterId ?? '' };
      others.push(
        db.cluster
          ? { status: 'skipped', messageId: 'judgedAtCluster', resource, data }
          : { status: 'error', messageId: 'clusterNotFound', resource, data },
      );
      continue;
    }
    if (db.kind === 'instance' && db.item.readReplicaSourceId && readReplicas === 'skip') {
      const data = { sourceId: db.item.readReplicaSourceId };
      others.push({ status: 'skipped', messageId: 'readReplicaSkipped', resource, data });
      continue;
    }
    const { item } = db;
    out.push({
      kind: db.kind,
      ref: resource,
      arn: item.arn,
      account: item.account,
      region: item.region,
      tags: item.tags,
      engine: item.engine,
      backupType: backupResourceType(db.kind, item.engine),
      item,
    });
  }
  return { subjects: out, others };
}

export interface Cover {
  plan: BackupPlan;
  selection: BackupSelection;
  via: string;
  matched?: string;
}

/** A selection with its plan (looked up once; undefined when the plan was not collected), compiled. */
interface Entry {
  selection: BackupSelection;
  plan: BackupPlan | undefined;
  matcher: SelectionMatcher;
}

/** `map[account][region]`: nested maps, so no key string is built per lookup. */
export type ByPlace<T> = Map<string, Map<string, T>>;
export function atPlace<T>(map: ByPlace<T>, account: string, region: string): T | undefined {
  return map.get(account)?.get(region);
}
export function placeEntry<T>(map: ByPlace<T>, account: string, region: string, make: () => T): T {
  return entry(
    entry(map, account, () => new Map<string, T>()),
    region,
    make,
  );
}

/** Plan selections by region (and by exact ARN where a selection lists only ARNs), with their plans. */
export class Coverage {
  /** Selections that may select any resource of their account and region. */
  private readonly byPlace: ByPlace<Entry[]> = new Map();
  /** Selections that list exact ARNs only, by each ARN they list. */
  private readonly exact = new Map<string, Entry[]>();
  private readonly arnLists: ByPlace<{ count: number }> = new Map();
  private readonly memo = new WeakMap<Subject, Covered>();
  /** Each distinct set of plans once (by the plans' identities, in order), so equal sets are one array. */
  private readonly planSets: PlanSet = { plans: NO_PLANS, next: new Map() };

  constructor(plans: readonly BackupPlan[], selections: readonly BackupSelection[]) {
    const planById: ByPlace<Map<string, BackupPlan>> = new Map();
    for (const p of plans) placeEntry(planById, p.account, p.region, () => new Map()).set(p.id, p);
    for (const selection of selections) {
      const { account, region } = selection;
      const entry = {
        selection,
        plan: atPlace(planById, account, region)?.get(selection.planId),
        matcher: new SelectionMatcher(selection),
      };
      const arns = exactArns(selection);
      if (arns) {
        for (const arn of new Set(arns)) {
          const list = this.exact.get(arn);
          if (list) list.push(entry);
          else this.exact.set(arn, [entry]);
        }
        placeEntry(this.arnLists, account, region, () => ({ count: 0 })).count++;
      } else placeEntry(this.byPlace, account, region, () => []).push(entry);
    }
  }

  /** The exact-ARN selections naming the resource in its own account and region. */
  private own(r: Subject): Entry[] {
    const listed = this.exact.get(r.arn);
    return listed
      ? listed.filter((e) => e.selection.account === r.account && e.selection.region === r.region)
      : [];
  }

  private candidates(r: Subject): Entry[] {
    const open = atPlace(this.byPlace, r.account, r.region) ?? [];
    return this.exact.has(r.arn) ? [...this.own(r), ...open] : open;
  }

  /** Every (plan, selection) that selects the resource, in a stable order. Remembered by subject (an
   * identity lookup, where a map keyed by ARN hashes and compares the ARN's text). Read-only. */
  of(r: Subject): Cover[] {
    return this.covered(r).covers;
  }

  private covered(r: Subject): Covered {
    let covered = this.memo.get(r);
    if (covered === undefined) {
      covered = { covers: this.covers(r), plans: undefined };
      this.memo.set(r, covered);
    }
    return covered;
  }

  private covers(r: Subject): Cover[] {
    const out: Cover[] = [];
    for (const { selection, plan, matcher } of this.candidates(r)) {
      if (!plan) continue;
      const how = matcher.match(r);
      if (!how) continue;
      out.push(
        how.matched === undefined
          ? { plan, selection, via: how.via }
          : { plan, selection, via: how.via, matched: how.matched },
      );
    }
    // By plan, then selection name, stably. A database is usually covered by one or two: those are put in
    // order by insertion, as Array#sort costs more to set up than to run on two items.
    if (out.length > 8) return out.sort(byPlanAndSelection);
    for (let i = 1; i < out.length; i++) {
      const cover = out[i] as Cover;
      let j = i;
      for (; j > 0 && byPlanAndSelection(out[j - 1] as Cover, cover) > 0; j--) out[j] = out[j - 1] as Cover;
      out[j] = cover;
    }
    return out;
  }

  /** Selections in the region that list specific ARNs only, none of them this resource's. */
  otherArnLists(r: Subject): number {
    return (atPlace(this.arnLists, r.account, r.region)?.count ?? 0) - this.own(r).length;
  }

  /** Why each selection that could select the resource (same account and region) does not. */
  whyNot(r: Subject): { plan: string; selection: string; reason: string; detail: string }[] {
    return this.candidates(r)
      .map(({ selection: s, plan, matcher }) => {
        if (!plan)
          return { plan: s.planId, selection: s.name, reason: 'planNotFound', detail: 'plan not collected' };
        const v = matcher.judge(r);
        return v.selected
          ? undefined
          : { plan: plan.name, selection: s.name, reason: v.reason, detail: v.detail };
      })
      .filter((x) => x !== undefined);
  }

  /** The distinct plans covering a resource, in the order of its covers (remembered, like `of`). Equal
   * sets of plans are one array, so a check can key what it judges per set of plans by the array itself.
   * Read-only. */
  plansOf(r: Subject): readonly BackupPlan[] {
    const covered = this.covered(r);
    if (covered.plans !== undefined) return covered.plans;
    let set = this.planSets;
    for (const { plan } of covered.covers) {
      if (set.plans.includes(plan)) continue;
      let next = set.next.get(plan);
      if (!next) {
        next = { plans: [...set.plans, plan], next: new Map() };
        set.next.set(plan, next);
      }
      set = next;
    }
    covered.plans = set.plans;
    return set.plans;
  }
}

const byPlanAndSelection = (a: Cover, b: Cover) =>
  compareStrings(a.plan.name, b.plan.name) || compareStrings(a.selection.name, b.selection.name);

/** What a Coverage remembers of a database: its covers, and (once asked) its set of plans. */
interface Covered {
  covers: Cover[];
  plans: readonly BackupPlan[] | undefined;
}

const NO_PLANS: readonly BackupPlan[] = Object.freeze([]);
interface PlanSet {
  plans: readonly BackupPlan[];
  next: Map<BackupPlan, PlanSet>;
}

const coverages = new WeakMap<readonly BackupPlan[], WeakMap<readonly BackupSelection[], Coverage>>();

/** The Coverage of these lists, shared by every check that asks about the same snapshot's lists (a
 * Coverage is a pure function of them and remembers what it has judged). */
export function coverageOf(plans: readonly BackupPlan[], selections: readonly BackupSelection[]): Coverage {
  let bySelections = coverages.get(plans);
  if (!bySelections) {
    bySelections = new WeakMap();
    coverages.set(plans, bySelections);
  }
  let coverage = bySelections.get(selections);
  if (!coverage) {
    coverage = new Coverage(plans, selections);
    bySelections.set(selections, coverage);
  }
  return coverage;
}

/** How long a lifecycle keeps recovery points, in days (Infinity when it never deletes them). */
export function keptDays(l: { deleteAfterDays?: number } | undefined): number {
  return l?.deleteAfterDays && l.deleteAfterDays > 0 ? l.deleteAfterDays : Number.POSITIVE_INFINITY;
}

/** AWS Backup keeps a recovery point moved to cold storage there at least 90 days (API Lifecycle). */
export const COLD_MINIMUM_DAYS = 90;

/**
 * Retention of every lifecycle that applies to the rules' recovery points (each rule's own and each copy
 * action's): the shortest, the first under `minDays`, and the first leaving under 90 days in cold storage.
 */
export function retentionOf(rules: readonly { plan: BackupPlan; rule: BackupRule }[], minDays: number) {
  type Lifecycle = { deleteAfterDays?: number; moveToColdStorageAfterDays?: number } | undefined;
  const all = rules.flatMap(({ plan, rule }) => [
    { plan: plan.name, what: `Rule ${rule.name}`, lifecycle: rule.lifecycle as Lifecycle },
    ...rule.copyActions.map((c) => ({
      plan: plan.name,
      what: `Copy of rule ${rule.name} to ${c.destinationVaultArn}`,
      lifecycle: c.lifecycle as Lifecycle,
    })),
  ]);
  const kept = all.map(({ plan, what, lifecycle: l }) => ({
    plan,
    what,
    moveAfterDays: l?.moveToColdStorageAfterDays ?? 0,
    deleteAfterDays: keptDays(l),
  }));
  return {
    shortestDays: Math.min(...kept.map((k) => k.deleteAfterDays)),
    tooShort: kept.find((k) => k.deleteAfterDays < minDays),
    coldTooShort: kept.find(
      (k) => k.moveAfterDays > 0 && k.deleteAfterDays - k.moveAfterDays < COLD_MINIMUM_DAYS,
    ),
  };
}

/** Group items by a key into a map of arrays (one pass). */
export function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** A restore job, its recovery point when collected, and when it ended (else began), in epoch ms. */
export interface JobEntry {
  job: RestoreJob;
  point?: RecoveryPoint;
  at: number;
}
export type JobsByResource = ReadonlyMap<string, readonly JobEntry[]>;
const jobIndexes = new WeakMap<readonly RestoreJob[], WeakMap<readonly RecoveryPoint[], JobsByResource>>();

/** Newest first; a job without a readable date counts as the oldest. Stable for equal times. */
export const newestFirst = (a: JobEntry, b: JobEntry) => orderable(b.at) - orderable(a.at);
const orderable = (at: number) => (Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at);

/**
 * Restore jobs by the ARN of the resource they restored (through the recovery point, else the job's own),
 * each list newest first. Built once per pair of lists and shared by every check that asks (read-only).
 */
export function restoreJobsByResource(
  jobs: readonly RestoreJob[],
  points: readonly RecoveryPoint[],
): JobsByResource {
  let byPoints = jobIndexes.get(jobs);
  if (!byPoints) {
    byPoints = new WeakMap();
    jobIndexes.set(jobs, byPoints);
  }
  const known = byPoints.get(points);
  if (known) return known;
  const pointByArn = new Map<string, RecoveryPoint>();
  for (const p of points) pointByArn.set(p.arn, p);
  const out = new Map<string, JobEntry[]>();
  for (const job of jobs) {
    const point = pointByArn.get(job.recoveryPointArn);
    const resourceArn = point?.resourceArn ?? job.sourceResourceArn;
    if (!resourceArn) continue;
    const at = time(job.completionDate ?? job.creationDate);
    const entry: JobEntry = point ? { job, point, at } : { job, at };
    const list = out.get(resourceArn);
    if (list) list.push(entry);
    else out.set(resourceArn, [entry]);
  }
  for (const list of out.values()) list.sort(newestFirst);
  byPoints.set(points, out);
  return out;
}

export const time = (iso: string | undefined) => (iso ? parseTime(iso) : Number.NaN);
