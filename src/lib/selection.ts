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

/** An ARN pattern ready to test: the ARN itself, or its expression when it has a `*` (zero or more
 * non-whitespace characters). */
type ArnTest = string | RegExp;
const arnTest = (pattern: string): ArnTest =>
  pattern.includes('*') ? compile(arnCache, pattern, (ch) => (ch === '*' ? '\\S*' : literal(ch))) : pattern;
const passes = (test: ArnTest, arn: string) => (typeof test === 'string' ? test === arn : test.test(arn));

/** A `Resources`/`NotResources` entry against an ARN: `*` is zero or more non-whitespace characters. */
export function arnPatternMatches(pattern: string, arn: string): boolean {
  return passes(arnTest(pattern), arn);
}

/** A `Conditions` entry ready to test: its tag key read out of `aws:ResourceTag/<key>`, its pattern
 * compiled for StringLike and StringNotLike (`*` any run of characters, `?` one). */
interface ConditionTest {
  op: Op;
  /** The key as written, for reasons: `aws:ResourceTag/<key>`. */
  key: string;
  tagKey: string | undefined;
  value: string;
  like: RegExp | undefined;
}
function conditionTest(op: Op, c: KeyValue): ConditionTest {
  return {
    op,
    key: c.key,
    tagKey: TAG_KEY.test(c.key) ? c.key.replace(TAG_KEY, '') : undefined,
    value: c.value,
    like:
      op === 'StringLike' || op === 'StringNotLike'
        ? compile(likeCache, c.value, (ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : literal(ch)))
        : undefined,
  };
}

function holds(c: ConditionTest, tags: Record<string, string>): boolean {
  const have = c.tagKey !== undefined && Object.hasOwn(tags, c.tagKey) ? tags[c.tagKey] : undefined;
  if (have === undefined) return c.op === 'StringNotEquals' || c.op === 'StringNotLike';
  switch (c.op) {
    case 'StringEquals':
      return have === c.value;
    case 'StringNotEquals':
      return have !== c.value;
    case 'StringLike':
      return (c.like as RegExp).test(have);
    case 'StringNotLike':
      return !(c.like as RegExp).test(have);
  }
}

/** One `Conditions` entry: the tag named by `aws:ResourceTag/<key>` against the value, IAM-style. */
export function conditionHolds(op: Op, c: KeyValue, tags: Record<string, string>): boolean {
  return holds(conditionTest(op, c), tags);
}

const OPS: [Op, 'stringEquals' | 'stringNotEquals' | 'stringLike' | 'stringNotLike'][] = [
  ['StringEquals', 'stringEquals'],
  ['StringNotEquals', 'stringNotEquals'],
  ['StringLike', 'stringLike'],
  ['StringNotLike', 'stringNotLike'],
];

type Inclusion = { via: 'everything' | 'resources' | 'listOfTags'; matched?: string };

/**
 * A selection, compiled once for judging many resources: its patterns, tag keys and the answers it can
 * give are made up front, so `match` builds nothing. `judge` decides the same way and also says why not
 * (`judgeSelection`). The one place the selection rules are written. Read-only.
 */
export class SelectionMatcher {
  private readonly everything: boolean;
  private readonly resources: { test: ArnTest; answer: Inclusion }[];
  private readonly tags: { key: string; value: string; answer: Inclusion }[];
  private readonly notResources: { pattern: string; test: ArnTest }[];
  private readonly conditions: ConditionTest[];
  private static readonly EVERYTHING: Inclusion = Object.freeze({ via: 'everything' });

  constructor(private readonly sel: BackupSelection) {
    this.everything = sel.resources.length === 0 && sel.listOfTags.length === 0;
    this.resources = sel.resources.map((p) => ({
      test: arnTest(p),
      answer: Object.freeze({ via: 'resources', matched: p }),
    }));
    // Only STRINGEQUALS exists; an entry of any other type never matches.
    this.tags = sel.listOfTags
      .filter((t) => t.type.toUpperCase() === 'STRINGEQUALS')
      .map((t) => ({
        key: t.key,
        value: t.value,
        answer: Object.freeze({ via: 'listOfTags', matched: `${t.key}=${t.value}` }),
      }));
    this.notResources = sel.notResources.map((pattern) => ({ pattern, test: arnTest(pattern) }));
    this.conditions = OPS.flatMap(([op, field]) => sel.conditions[field].map((c) => conditionTest(op, c)));
  }

  /** How the selection selects the resource, or undefined when it does not. */
  match(r: Candidate): Inclusion | undefined {
    const how = this.inclusion(r);
    if (how === undefined || this.excluding(r) !== undefined || this.failing(r) !== undefined)
      return undefined;
    return how;
  }

  /** Whether the selection selects the resource, and how or why not. */
  judge(r: Candidate): SelectionVerdict {
    const how = this.inclusion(r);
    if (!how) {
      const parts = [
        this.sel.resources.length ? `no Resources entry matches` : '',
        this.sel.listOfTags.length ? `no ListOfTags entry matches` : '',
      ];
      return { selected: false, reason: 'notInResources', detail: parts.filter(Boolean).join('; ') };
    }
    const excluded = this.excluding(r);
    if (excluded !== undefined)
      return { selected: false, reason: 'excludedByNotResources', detail: `NotResources ${excluded}` };
    const failed = this.failing(r);
    if (failed) {
      const detail = `Conditions ${failed.op} ${failed.key}=${failed.value} not met`;
      return { selected: false, reason: 'conditionNotMet', detail };
    }
    return how.matched === undefined
      ? { selected: true, via: how.via }
      : { selected: true, via: how.via, matched: how.matched };
  }

  /** The first `NotResources` pattern that matches the resource. */
  private excluding(r: Candidate): string | undefined {
    for (const { pattern, test } of this.notResources) if (passes(test, r.arn)) return pattern;
    return undefined;
  }

  /** The first condition (StringEquals, StringNotEquals, StringLike, then StringNotLike) that fails. */
  private failing(r: Candidate): ConditionTest | undefined {
    for (const c of this.conditions) if (!holds(c, r.tags)) return c;
    return undefined;
  }

  private inclusion(r: Candidate): Inclusion | undefined {
    if (this.everything) return SelectionMatcher.EVERYTHING;
    for (const { test, answer } of this.resources) if (passes(test, r.arn)) return answer;
    for (const { key, value, answer } of this.tags)
      if (Object.hasOwn(r.tags, key) && r.tags[key] === value) return answer;
    return undefined;
  }
}

/** How a selection selects a resource, or undefined when it does not (`judgeSelection` says why not).
 * To judge many resources against one selection, compile it once: `new SelectionMatcher(sel)`. */
export function selectionMatch(sel: BackupSelection, r: Candidate): Inclusion | undefined {
  return new SelectionMatcher(sel).match(r);
}

/** Whether a selection selects a resource, and how or why not. */
export function judgeSelection(sel: BackupSelection, r: Candidate): SelectionVerdict {
  return new SelectionMatcher(sel).judge(r);
}

export function selects(sel: BackupSelection, r: Candidate): boolean {
  return selectionMatch(sel, r) !== undefined;
}

/** True when a selection can only select the exact ARNs it lists (so it can be looked up by ARN). */
export function exactArns(sel: BackupSelection): string[] | undefined {
  if (sel.listOfTags.length > 0 || sel.resources.length === 0) return undefined;
  return sel.resources.some((p) => p.includes('*')) ? undefined : sel.resources;
}

/**
 * A restore testing selection compiled once for judging many resources: does it cover a resource of this
 * AWS Backup resource type (RDS, Aurora…)? Its type must match, one of its ARN patterns (if it lists any),
 * and all of its conditions (StringEquals and StringNotEquals on `aws:ResourceTag/<key>`).
 */
export class RestoreSelectionMatcher {
  private readonly arns: ArnTest[];
  private readonly conditions: ConditionTest[];

  constructor(private readonly sel: RestoreTestingSelection) {
    this.arns = sel.protectedResourceArns.map(arnTest);
    const c = sel.protectedResourceConditions;
    this.conditions = [
      ...c.stringEquals.map((kv) => conditionTest('StringEquals', kv)),
      ...c.stringNotEquals.map((kv) => conditionTest('StringNotEquals', kv)),
    ];
  }

  covers(resourceType: string, r: Candidate): boolean {
    if (this.sel.protectedResourceType !== resourceType) return false;
    if (this.arns.length > 0 && !this.arns.some((test) => passes(test, r.arn))) return false;
    for (const c of this.conditions) if (!holds(c, r.tags)) return false;
    return true;
  }
}

/** Does a restore testing selection cover a resource of this AWS Backup resource type (RDS, Aurora…)? */
export function restoreSelectionCovers(
  sel: RestoreTestingSelection,
  resourceType: string,
  r: Candidate,
): boolean {
  return new RestoreSelectionMatcher(sel).covers(resourceType, r);
}
