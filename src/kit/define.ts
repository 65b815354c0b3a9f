// The check kit: one shape for every check (after ESLint's rule meta and typescript-eslint's createRule).
// A check declares its options schema, the facts it reads, the permissions those facts need and its
// messages; `evaluate` is pure and returns results with a message id and data, never prose.
import type { Static, TObject } from '@sinclair/typebox';
import type { CollectNeeds } from '../collect/types.js';
import type { ResolvedTarget } from '../config/schema.js';
import type { MessageData, ResourceRef, Severity } from '../model/types.js';
import type { FactMap, FactName } from '../snapshot/facts.js';

/** What a resource must expose to be put in or out of a policy's scope. */
export interface Scopeable {
  type?: string;
  id?: string;
  arn?: string;
  account?: string;
  region?: string;
  tags?: Record<string, string>;
}

export interface CheckContext {
  /** "Now": the snapshot's collectedAt, never the wall clock. */
  now: Date;
  target: ResolvedTarget;
  /** True when the resource belongs to the target (its tag scope) and to the policy's scope. */
  inScope(resource: Scopeable): boolean;
  /**
   * Names what `inScope` decides (the target's tag scope and the policy's scope), so that lists derived
   * from the same facts and scope can be shared between checks (see kit/subjects). Absent: no sharing.
   */
  scopeKey?: string;
}

/** What `evaluate` may return; the engine adds `waived` and turns results into findings. */
export type ResultStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface CheckResult<M extends string = string> {
  status: ResultStatus;
  messageId: M;
  data?: MessageData;
  /** The resource judged; default: the target itself. */
  resource?: ResourceRef;
  /** Observed values the verdict was decided on. */
  evidence?: Record<string, unknown>;
}

export interface CheckMeta {
  title: string;
  description: string;
  severity: Severity;
  /** Longer documentation, with a YAML policy that uses the check. */
  docs: string;
  remediation: string;
}

export interface CheckDefinition<S extends TObject, M extends string, R extends FactName> {
  id: string;
  meta: CheckMeta;
  options: S;
  requires: readonly R[];
  /** IAM actions (e.g. rds:DescribeDBInstances) or GitHub scopes (e.g. github:repo:read) the facts need. */
  permissions: readonly string[];
  messages: Record<M, string>;
  /** How much of a fact the check needs given its options (e.g. days of restore jobs); merged by the plan. */
  needs?(options: Static<S>, target: ResolvedTarget): CollectNeeds;
  evaluate(facts: Pick<FactMap, R>, options: Static<S>, ctx: CheckContext): Iterable<CheckResult<NoInfer<M>>>;
}

/** A check with its type parameters erased, as the registry and the engine hold it. */
export interface Check {
  id: string;
  meta: CheckMeta;
  options: TObject;
  requires: readonly FactName[];
  permissions: readonly string[];
  messages: Record<string, string>;
  needs?(options: Record<string, unknown>, target: ResolvedTarget): CollectNeeds;
  evaluate(
    facts: Partial<FactMap>,
    options: Record<string, unknown>,
    ctx: CheckContext,
  ): Iterable<CheckResult>;
}

export function defineCheck<S extends TObject, M extends string, R extends FactName = never>(
  def: CheckDefinition<S, M, R>,
): Check {
  return def as unknown as Check;
}

/** A template cut at its placeholders once: text, then (placeholder key, its text, the text after) × n. */
interface CompiledTemplate {
  head: string;
  parts: { key: string; whole: string; tail: string }[];
}
const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let found = compiled.get(template);
  if (found) return found;
  const parts: CompiledTemplate['parts'] = [];
  let head = '';
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
    const text = template.slice(last, m.index);
    if (parts.length === 0) head = text;
    else (parts.at(-1) as CompiledTemplate['parts'][number]).tail = text;
    parts.push({ key: m[1] as string, whole: m[0], tail: '' });
    last = (m.index ?? 0) + m[0].length;
  }
  if (parts.length === 0) head = template;
  else (parts.at(-1) as CompiledTemplate['parts'][number]).tail = template.slice(last);
  found = { head, parts };
  if (compiled.size >= 2000) compiled.clear();
  compiled.set(template, found);
  return found;
}

/** Fills `{{name}}` placeholders from data; a missing value stays visible as `{{name}}`. */
export function formatMessage(template: string, data: MessageData = {}): string {
  const { head, parts } = compile(template);
  if (parts.length === 0) return head;
  // Joined, not appended: `+=` leaves a tree of string pieces that a hundred thousand findings keep
  // alive (more than twice the memory of the text), where join writes one flat string.
  // The array made at its full length, not grown by pushes.
  const pieces = new Array<string>(1 + 2 * parts.length);
  pieces[0] = head;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as CompiledTemplate['parts'][number];
    const value = data[p.key];
    pieces[1 + 2 * i] = value === undefined ? p.whole : typeof value === 'string' ? value : String(value);
    pieces[2 + 2 * i] = p.tail;
  }
  return pieces.join('');
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string);
}
