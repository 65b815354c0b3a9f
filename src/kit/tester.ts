// CheckTester: table tests for a check, after ESLint's RuleTester. Cases run through the engine's own
// evaluation (scope, fail-closed error handling, empty scope), so a check is tested as it will run.
import { describe, expect, it } from 'vitest';
import type { Scope } from '../config/schema.js';
import { ENGINE_MESSAGES, evaluateUnit } from '../engine/evaluate.js';
import type { Finding, MessageData, Status } from '../model/types.js';
import type { FactMap } from '../snapshot/facts.js';
import type { FactError } from '../snapshot/snapshot.js';
import { deepFreeze } from '../util/freeze.js';
import { loadedPolicy, target as makeTarget, NOW, targetSnapshot } from './builders.js';
import type { Check } from './define.js';
import { resolveOptions } from './options.js';

export interface CaseBase {
  name: string;
  facts: Partial<FactMap>;
  errors?: FactError[];
  /** Facts recorded as collected even though they are not in `facts` (defaults to the check's requires). */
  collected?: string[];
  options?: Record<string, unknown>;
  target?: Parameters<typeof makeTarget>[0];
  scope?: Scope;
  emptyScope?: 'fail' | 'skip';
  now?: string;
}

export interface Expected {
  status: Exclude<Status, 'waived'>;
  messageId: string;
  /** Resource id the finding is about; omit to match any. */
  resource?: string;
  data?: MessageData;
}

export interface ValidCase extends CaseBase {
  /** Expected pass findings, when the case wants to pin them down; by default every finding must pass. */
  expect?: Expected[];
}
export interface InvalidCase extends CaseBase {
  /** Every finding that is not `pass` must be listed here, and every entry must be matched. */
  expect: Expected[];
}
export interface InvalidOptionsCase {
  name: string;
  options: Record<string, unknown>;
  /** Instance path of the expected schema error, e.g. /minRetentionDays. */
  path: string;
}

export interface Table {
  valid: ValidCase[];
  invalid: InvalidCase[];
  invalidOptions?: InvalidOptionsCase[];
}

export function runCase(check: Check, c: CaseBase): Omit<Finding, 'blocking'>[] {
  const opts = resolveOptions(check, c.options);
  if (opts.errors.length) {
    throw new Error(
      `case "${c.name}": options invalid: ${JSON.stringify(opts.errors.map((e) => e.message))}`,
    );
  }
  const t = makeTarget(c.target);
  const policy = loadedPolicy(check, opts.options, [t.name], {
    ...(c.scope ? { scope: c.scope } : {}),
    ...(c.emptyScope ? { emptyScope: c.emptyScope } : {}),
  });
  // Frozen: a check never changes what it reads, and never hands a fact item over as its evidence (the
  // engine adds `sources` to the evidence object it is given, which on a frozen item throws, and fails).
  const snapshot = targetSnapshot(
    t.name,
    deepFreeze(c.facts),
    c.errors ?? [],
    c.collected ?? [...check.requires],
  );
  return evaluateUnit({ policy, target: t, snapshot, now: new Date(c.now ?? NOW) });
}

function matches(f: Omit<Finding, 'blocking'>, e: Expected): boolean {
  if (f.status !== e.status || f.messageId !== e.messageId) return false;
  if (e.resource !== undefined && f.resource.id !== e.resource) return false;
  if (e.data) {
    for (const [k, v] of Object.entries(e.data)) if (f.data[k] !== v) return false;
  }
  return true;
}

function assertKnownIds(check: Check, table: Table): void {
  const known = new Set([...Object.keys(check.messages), ...Object.keys(ENGINE_MESSAGES)]);
  for (const c of [...table.valid, ...table.invalid]) {
    for (const e of c.expect ?? []) {
      if (!known.has(e.messageId)) {
        throw new Error(
          `CheckTester(${check.id}): case "${c.name}" expects unknown message id "${e.messageId}"`,
        );
      }
    }
  }
}

export class CheckTester {
  constructor(private readonly check: Check) {}

  run(table: Table): void {
    const { check } = this;
    if (table.valid.length === 0 || table.invalid.length === 0) {
      throw new Error(`CheckTester(${check.id}): valid and invalid tables must both have cases`);
    }
    assertKnownIds(check, table);
    describe(check.id, () => {
      describe('valid', () => {
        for (const c of table.valid) {
          it(c.name, () => {
            const findings = runCase(check, c);
            expect(findings.length).toBeGreaterThan(0);
            for (const f of findings) expect(f.status, `${f.resource.id}: ${f.message}`).toBe('pass');
            for (const e of c.expect ?? []) {
              expect(
                findings.some((f) => matches(f, e)),
                `expected ${JSON.stringify(e)}`,
              ).toBe(true);
            }
          });
        }
      });
      describe('invalid', () => {
        for (const c of table.invalid) {
          it(c.name, () => {
            if (c.expect.length === 0) throw new Error(`invalid case "${c.name}" expects nothing`);
            const findings = runCase(check, c);
            const unmatched = c.expect.filter((e) => !findings.some((f) => matches(f, e)));
            expect(
              unmatched,
              JSON.stringify(findings.map((f) => [f.status, f.messageId, f.resource.id, f.data])),
            ).toEqual([]);
            const unexpected = findings.filter(
              (f) => f.status !== 'pass' && !c.expect.some((e) => matches(f, e)),
            );
            expect(unexpected.map((f) => `${f.status} ${f.messageId} ${f.resource.id}`)).toEqual([]);
          });
        }
      });
      if (table.invalidOptions?.length) {
        describe('invalidOptions', () => {
          for (const c of table.invalidOptions ?? []) {
            it(c.name, () => {
              const { errors } = resolveOptions(check, c.options);
              expect(
                errors.map((e) => e.instancePath || `/${String(e.params.missingProperty ?? '')}`),
              ).toContain(c.path);
            });
          }
        });
      }
    });
  }
}
