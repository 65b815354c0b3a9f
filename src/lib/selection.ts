// Which resources an AWS Backup selection (resource assignment) selects, decided the way AWS does.
//
// Sources relied on (AWS Backup Developer Guide):
// - "Assign resources with AWS CLI" (assigning-resources-json.html): `*` matches zero or more non-whitespace
//   characters; `Resources` entries are ORed, `Conditions` entries ANDed ("similar to IAM policies");
//   `NotResources` entries are ORed and exclude; `Resources` + `ListOfTags` + `Conditions` together select
//   "all FSx file systems, the Aurora cluster …, and all resources tagged backup:true, except … stage:test",
//   i.e. (Resources OR ListOfTags) AND Conditions.
// - API BackupSelection: `Conditions` (StringEquals, StringNotEquals, StringLike, StringNotLike; keys like
//   `aws:ResourceTag/backup`) must all match; `ListOfTags` (StringEquals only, plain tag key `backup`) match
//   if any one does; operators are case sensitive; with no conditions, tags or resources AWS Backup
//   selects every supported, opted-in resource.
// - knowledge-center/backup-assign-resources: Resources and Conditions combine with AND, Resources and
//   ListOfTags with OR.
// - IAM condition operators (reference_policies_elements_condition_operators.html): a key absent from the
//   resource makes StringEquals/StringLike false and StringNotEquals/StringNotLike true; StringLike's `*`
//   matches any run of characters and `?` one character.
// Service opt-in (Region settings) is not collected, so it is not judged here.
import type { FactItem } from '../snapshot/facts.js';

export type BackupSelection = FactItem<'aws.backup.selections'>;
export type RestoreTestingSelection = FactItem<'aws.backup.restoreTestingPlans'>['selections'][number];

export interface Candidate {
  arn: string;
  tags: Record<string, string>;
}

export type SelectionVerdict =
  | { selected: true; via: 'everything' | 'resources' | 'listOfTags'; matched?: string }
  | {
      selected: false;
      reason: 'notInResources' | 'excludedByNotResources' | 'conditionNotMet';
      detail: string;
    };

type Op = 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike';
interface KeyValue {
  key: string;
  value: string;
}

const TAG_KEY = /^aws:resourcetag\//i;
const arnCache = new Map<string, RegExp>();
const likeCache = new Map<string, RegExp>();
const literal = (ch: string) => ch.replace(/[.+^${}()|[\]\\/?*]/g, '\\$&');

function compile(cache: Map<string, RegExp>, pattern: string, map: (ch: string) => string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${[...pattern].map(map).join('')}$`, 's');
    cache.set(pattern, re);
  }
  return re;
}

/** A `Resources`/`NotResources` entry against an ARN: `*` is zero or more non-whitespace characters. */
export function arnPatternMatches(pattern: string, arn: string): boolean {
  if (!pattern.includes('*')) return pattern === arn;
  return compile(arnCache, pattern, (ch) => (ch === '*' ? '\\S*' : literal(ch))).test(arn);
}

function like(pattern: string, value: string): boolean {
  return compile(likeCache, pattern, (ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : literal(ch))).test(
    value,
  );
}

/** One `Conditions` entry: the tag named by `aws:ResourceTag/<key>` against the value, IAM-style. */
export function conditionHolds(op: Op, c: KeyValue, tags: Record<string, string>): boolean {
  const tagKey = TAG_KEY.test(c.key) ? c.key.replace(TAG_KEY, '') : undefined;
  const have = tagKey !== undefined && Object.hasOwn(tags, tagKey) ? tags[tagKey] : undefined;
  if (have === undefined) return op === 'StringNotEquals' || op === 'StringNotLike';
  switch (op) {
    case 'StringEquals':
      return have === c.value;
    case 'StringNotEquals':
      return have !== c.value;
    case 'StringLike':
      return like(c.value, have);
    case 'StringNotLike':
      return !like(c.value, have);
  }
}

const OPS: [Op, 'stringEquals' | 'stringNotEquals' | 'stringLike' | 'stringNotLike'][] = [
  ['StringEquals', 'stringEquals'],
  ['StringNotEquals', 'stringNotEquals'],
  ['StringLike', 'stringLike'],
  ['StringNotLike', 'stringNotLike'],
];

/** The first condition a resource fails, as text, or undefined when all hold. */
function failedCondition(conditions: BackupSelection['conditions'], tags: Record<string, string>) {
  for (const [op, field] of OPS) {
    for (const c of conditions[field]) {
      if (!conditionHolds(op, c, tags)) return `${op} ${c.key}=${c.value}`;
    }
  }
  return undefined;
}

/** Does a `ListOfTags` entry match? Only STRINGEQUALS exists; its key is the plain tag key. */
function tagEntryMatches(t: BackupSelection['listOfTags'][number], tags: Record<string, string>): boolean {
  return t.type.toUpperCase() === 'STRINGEQUALS' && Object.hasOwn(tags, t.key) && tags[t.key] === t.value;
}

type Inclusion = { via: 'everything' | 'resources' | 'listOfTags'; matched?: string };

/** How `Resources` or `ListOfTags` (or their absence: everything) take the resource in, if they do. */
function inclusion(sel: BackupSelection, r: Candidate): Inclusion | undefined {
  if (sel.resources.length === 0 && sel.listOfTags.length === 0) return { via: 'everything' };
  const matched = sel.resources.find((p) => arnPatternMatches(p, r.arn));
  if (matched !== undefined) return { via: 'resources', matched };
  const tag = sel.listOfTags.find((t) => tagEntryMatches(t, r.tags));
  return tag ? { via: 'listOfTags', matched: `${tag.key}=${tag.value}` } : undefined;
}

/** How a selection selects a resource, or undefined when it does not (`judgeSelection` says why not). */
export function selectionMatch(sel: BackupSelection, r: Candidate): Inclusion | undefined {
  const how = inclusion(sel, r);
  if (!how || sel.notResources.some((p) => arnPatternMatches(p, r.arn))) return undefined;
  return failedCondition(sel.conditions, r.tags) === undefined ? how : undefined;
}

/** Whether a selection selects a resource, and how or why not. */
export function judgeSelection(sel: BackupSelection, r: Candidate): SelectionVerdict {
  const how = inclusion(sel, r);
  if (!how) {
    const parts = [
      sel.resources.length ? `no Resources entry matches` : '',
      sel.listOfTags.length ? `no ListOfTags entry matches` : '',
    ];
    return { selected: false, reason: 'notInResources', detail: parts.filter(Boolean).join('; ') };
  }
  const excluded = sel.notResources.find((p) => arnPatternMatches(p, r.arn));
  if (excluded !== undefined) {
    return { selected: false, reason: 'excludedByNotResources', detail: `NotResources ${excluded}` };
  }
  const failed = failedCondition(sel.conditions, r.tags);
  if (failed) return { selected: false, reason: 'conditionNotMet', detail: `Conditions ${failed} not met` };
  return how.matched === undefined
    ? { selected: true, via: how.via }
    : { selected: true, via: how.via, matched: how.matched };
}

export function selects(sel: BackupSelection, r: Candidate): boolean {
  return selectionMatch(sel, r) !== undefined;
}

/** True when a selection can only select the exact ARNs it lists (so it can be looked up by ARN). */
export function exactArns(sel: BackupSelection): string[] | undefined {
  if (sel.listOfTags.length > 0 || sel.resources.length === 0) return undefined;
  return sel.resources.some((p) => p.includes('*')) ? undefined : sel.resources;
}

/** Does a restore testing selection cover a resource of this AWS Backup resource type (RDS, Aurora…)? */
export function restoreSelectionCovers(
  sel: RestoreTestingSelection,
  resourceType: string,
  r: Candidate,
): boolean {
  if (sel.protectedResourceType !== resourceType) return false;
  const arns = sel.protectedResourceArns;
  if (arns.length > 0 && !arns.some((p) => arnPatternMatches(p, r.arn))) return false;
  const c = sel.protectedResourceConditions;
  return (
    c.stringEquals.every((kv) => conditionHolds('StringEquals', kv, r.tags)) &&
    c.stringNotEquals.every((kv) => conditionHolds('StringNotEquals', kv, r.tags))
  );
}
