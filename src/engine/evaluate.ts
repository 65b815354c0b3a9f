// Evaluation: pure. Each applicable policy's check judges the target's snapshot; the engine then fails
// closed — a finding whose facts could not be read becomes `error`, a fact never collected is `error`,
// a check that throws is `error`, and an empty set of resources is not a pass.
import * as nodeCrypto from 'node:crypto';
import type { ResolvedTarget } from '../config/schema.js';
import { type Check, type CheckResult, formatMessage } from '../kit/define.js';
import type { Finding, ResourceRef } from '../model/types.js';
import { FACT_SOURCES, type FactMap, type FactName } from '../snapshot/facts.js';
import { emptyTargetSnapshot, type FactError, type TargetSnapshot } from '../snapshot/snapshot.js';
import type { LoadedPolicy } from './inputs.js';
import { makeInScope } from './scope.js';

/** Messages the engine itself speaks, for results no check produced. */
export const ENGINE_MESSAGES = {
  factNotCollected: 'Could not judge: {{facts}} was not collected for target {{target}}.',
  scopeNotCollected:
    'Could not judge: the snapshot covers AWS {{collected}}, but target {{target}} also needs {{missing}}.',
  factUnavailable: 'Could not judge: {{operation}} failed in {{where}} ({{code}}): {{error}}',
  checkCrashed: 'Could not judge: check {{checkId}} failed: {{error}}',
  noResourcesInScope:
    'No resources in scope for this policy; a target of this stage is expected to have some.',
  emptyScopeSkipped: 'No resources in scope; the policy allows an empty scope.',
} as const;

export interface EvaluateUnit {
  policy: LoadedPolicy;
  target: ResolvedTarget;
  snapshot: TargetSnapshot | undefined;
  now: Date;
}

/** SHA-256 as 32 one-byte characters ('binary', i.e. latin1); the one-shot crypto.hash (Node 20.12+)
 * is several times faster than a Hash object. */
type OneShot = (algorithm: string, data: string, encoding: 'binary') => string;
const oneShot = (nodeCrypto as { hash?: OneShot }).hash;
const sha256 = oneShot
  ? (text: string) => oneShot('sha256', text, 'binary')
  : (text: string) => nodeCrypto.createHash('sha256').update(text).digest('binary');

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const hi = (d: string, i: number) => HEX[d.charCodeAt(i) >> 4] as number;
const lo = (d: string, i: number) => HEX[d.charCodeAt(i) & 15] as number;

/** The first 16 hex digits of the SHA-256 of policy, target, resource type and ARN (or id). Written out
 * as one flat string: slicing a 64-digit hex digest would keep all 64 digits alive behind each id, and
 * sliced strings compare slowly when findings are sorted. */
export function findingId(policyId: string, target: string, resource: ResourceRef): string {
  return findingIds(policyId, target)(resource);
}

/** `findingId` for one policy and target: the text they share is joined once, not per finding. */
function findingIds(policyId: string, target: string): (resource: ResourceRef) => string {
  const prefix = `${policyId}\0${target}\0`;
  let lastType: string | undefined;
  let head = '';
  return (resource) => {
    if (resource.type !== lastType) {
      lastType = resource.type;
      head = `${prefix}${resource.type}\0`;
    }
    const d = sha256(head + (resource.arn ?? resource.id));
    // biome-ignore format: two hex digits for each of the first eight bytes
    return String.fromCharCode(
      hi(d, 0), lo(d, 0), hi(d, 1), lo(d, 1), hi(d, 2), lo(d, 2), hi(d, 3), lo(d, 3),
      hi(d, 4), lo(d, 4), hi(d, 5), lo(d, 5), hi(d, 6), lo(d, 6), hi(d, 7), lo(d, 7),
    );
  };
}

function targetResource(target: ResolvedTarget): ResourceRef {
  return { type: 'target', id: target.name };
}

/** An error covers a resource when it names no account/region, or the resource's own. */
function covers(error: FactError, resource: ResourceRef): boolean {
  if (!resource.account && !resource.region) return true;
  if (error.account && resource.account && error.account !== resource.account) return false;
  if (error.region && resource.region && error.region !== resource.region) return false;
  return true;
}

function where(error: FactError): string {
  return (
    [error.account && `account ${error.account}`, error.region].filter(Boolean).join(' ') || 'the target'
  );
}

/** Facts view handed to a check: only what it declared, so an undeclared read is a bug caught in tests. */
function factsView(check: Check, snapshot: TargetSnapshot): Partial<FactMap> {
  const allowed = new Set<string>(check.requires);
  return new Proxy(snapshot.facts, {
    get(facts, key) {
      if (typeof key === 'string' && !allowed.has(key)) {
        throw new Error(`check ${check.id} read fact ${key} without declaring it in requires`);
      }
      return Reflect.get(facts, key);
    },
  });
}

export function evaluateUnit(unit: EvaluateUnit): Omit<Finding, 'blocking'>[] {
  const { policy: loaded, target, now } = unit;
  const snapshot =
    unit.snapshot ??
    (loaded.check.requires.length === 0 ? emptyTargetSnapshot(target.name, now.toISOString()) : undefined);
  const { policy, check } = loaded;
  // What every finding of this unit shares, computed once: tens of thousands of findings can follow.
  // Each operation once, in the order the facts name them (several facts read one list, e.g. the plans).
  const sources = [...new Set(check.requires.flatMap((f) => FACT_SOURCES[f].operations))];
  const controls = [...policy.controls];
  const frameworks = [...(policy.frameworks ?? [])];
  const severity = policy.severity ?? check.meta.severity;
  const remediation =
    policy.remediation || check.meta.remediation ? (policy.remediation ?? check.meta.remediation) : undefined;
  const idOf = findingIds(policy.id, target.name);
  const make = (r: CheckResult, messages: Record<string, string>): Omit<Finding, 'blocking'> => {
    const resource = r.resource ?? targetResource(target);
    const data = r.data ?? {};
    const template = messages[r.messageId];
    if (template === undefined) {
      throw new Error(`check ${check.id} returned unknown message id ${r.messageId}`);
    }
    // The evidence object a check yields is the finding's own (checks build it fresh; the facts they read
    // are frozen in every check's tests, so handing a fact item over as evidence fails there): the engine
    // adds the API operations it came from to it rather than copying it, tens of thousands of times.
    // An evidence object that another check's findings share already names that check's sources: copied.
    let evidence: Record<string, unknown> = r.evidence ?? {};
    if (evidence.sources !== undefined && evidence.sources !== sources)
      evidence = Object.assign({}, evidence);
    evidence.sources = sources;
    // Every field a finding can have (but a waiver) is in this one literal, in the order report.json gives
    // them, so no finding changes shape later: `remediation` stays undefined (and out of JSON) when there is
    // none, and `blocking` is decided by the engine once waivers are applied.
    const finding: Finding = {
      id: idOf(resource),
      policyId: policy.id,
      checkId: check.id,
      target: target.name,
      stage: target.stage,
      severity,
      status: r.status,
      resource,
      messageId: r.messageId,
      message: formatMessage(template, data),
      data,
      evidence,
      controls,
      frameworks,
      remediation,
      blocking: false,
    };
    return finding;
  };
  const engine = (r: CheckResult) => make(r, ENGINE_MESSAGES);

  const missing = check.requires.filter((f) => !snapshot?.collected.includes(f) || !snapshot.facts[f]);
  const hasErrors = snapshot?.errors.some((e) => (check.requires as readonly string[]).includes(e.fact));
  // A fact with errors may be partly present; only a fact with no data and no error record is "not collected".
  const notCollected = missing.filter((f) => !snapshot?.errors.some((e) => e.fact === f));
  if (notCollected.length > 0 || !snapshot) {
    return [
      engine({
        status: 'error',
        messageId: 'factNotCollected',
        data: { facts: notCollected.join(', ') || check.requires.join(', '), target: target.name },
        evidence: { missingFacts: notCollected },
      }),
    ];
  }

  const uncovered = awsScopeMissing(check, target, snapshot);
  if (uncovered) {
    return [
      engine({
        status: 'error',
        messageId: 'scopeNotCollected',
        data: { target: target.name, ...uncovered },
        evidence: { snapshotScope: snapshot.provenance.aws ?? null },
      }),
    ];
  }

  const options = loaded.optionsByTarget[target.name] ?? {};
  const ctx = {
    now,
    target,
    inScope: makeInScope(target, policy.scope),
    scopeKey: JSON.stringify([target.aws?.scope?.tags ?? null, policy.scope ?? null]),
  };
  let results: Omit<Finding, 'blocking'>[];
  try {
    // A fact that could not be read at all leaves nothing to judge: each of its errors becomes a finding below.
    results = [];
    if (missing.length === 0)
      for (const r of check.evaluate(factsView(check, snapshot), options, ctx))
        results.push(make(r, check.messages));
  } catch (err) {
    return [
      engine({
        status: 'error',
        messageId: 'checkCrashed',
        data: { checkId: check.id, error: err instanceof Error ? err.message : String(err) },
      }),
    ];
  }

  if (hasErrors) {
    const errors = snapshot.errors.filter((e) => (check.requires as readonly string[]).includes(e.fact));
    const used = new Set<FactError>();
    results = results.map((f) => {
      const hit = errors.filter((e) => covers(e, f.resource));
      if (hit.length === 0) return f;
      for (const e of hit) used.add(e);
      const first = hit[0] as FactError;
      const replaced = engine({
        status: 'error',
        messageId: 'factUnavailable',
        resource: f.resource,
        data: { operation: first.operation, where: where(first), code: first.code, error: first.message },
        evidence: { errors: hit, judgedWithoutThem: { status: f.status, messageId: f.messageId } },
      });
      return replaced;
    });
    for (const e of errors) {
      if (used.has(e)) continue;
      const resource: ResourceRef = {
        type: 'collection',
        id: `${e.fact}@${e.account ?? '*'}/${e.region ?? '*'}`,
        ...(e.account ? { account: e.account } : {}),
        ...(e.region ? { region: e.region } : {}),
      };
      results.push(
        engine({
          status: 'error',
          messageId: 'factUnavailable',
          resource,
          data: { operation: e.operation, where: where(e), code: e.code, error: e.message },
          evidence: { errors: [e] },
        }),
      );
    }
  }

  if (results.length === 0) {
    const skip = policy.emptyScope === 'skip';
    results.push(
      engine({
        status: skip ? 'skipped' : 'fail',
        messageId: skip ? 'emptyScopeSkipped' : 'noResourcesInScope',
        evidence: { requires: [...check.requires] as FactName[] },
      }),
    );
  }
  return results;
}

/**
 * A snapshot that records which AWS accounts and regions it covered cannot vouch for others: a target
 * whose configuration now names more (a region added since the snapshot was taken) is not judged from it.
 */
function awsScopeMissing(
  check: Check,
  target: ResolvedTarget,
  snapshot: TargetSnapshot,
): { collected: string; missing: string } | undefined {
  const scope = snapshot.provenance.aws;
  if (!scope || !target.aws || !check.requires.some((f) => f.startsWith('aws.'))) return undefined;
  const missing = [
    ...target.aws.regions.filter((r) => !scope.regions.includes(r)).map((r) => `region ${r}`),
    ...(target.aws.accounts ?? [])
      .filter((a) => !scope.accounts.includes(a.id))
      .map((a) => `account ${a.id}`),
  ];
  if (missing.length === 0) return undefined;
  const collected = [
    ...scope.accounts.map((a) => `account ${a}`),
    ...scope.regions.map((r) => `region ${r}`),
  ];
  return { collected: collected.join(', ') || 'nothing', missing: missing.join(', ') };
}
