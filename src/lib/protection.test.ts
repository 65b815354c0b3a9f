// Coverage (which plan selections cover each database) against a plain reference: every selection of the
// database's account and region whose plan was collected and which judgeSelection says selects it, by
// plan name, then selection name. Coverage indexes selections by place and exact ARN, compiles them, sorts
// a few covers by insertion and remembers its answers; none of that may change what it answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupPlan, backupSelection, rdsInstance } from '../kit/builders.js';
import { backupResourceType, Coverage, type Subject } from './protection.js';
import { judgeSelection } from './selection.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['eu-west-2', 'eu-west-1'];
const IDS = ['a', 'b', 'c', 'd'];

const subject = (account: string, region: string, id: string, tags: Record<string, string>): Subject => {
  const item = rdsInstance({ id, account, region, tags });
  return {
    kind: 'instance',
    ref: { type: 'aws.rds.db-instance', id, arn: item.arn, account, region },
    arn: item.arn,
    account,
    region,
    tags,
    engine: item.engine,
    backupType: backupResourceType('instance', item.engine),
    item,
  };
};

const tags = fc.dictionary(pick(['backup', 'tier']), pick(['true', 'gold']));
const place = fc.record({ account: pick(ACCOUNTS), region: pick(REGIONS) });
const arnOf = (p: { account: string; region: string }, id: string) =>
  `arn:aws:rds:${p.region}:${p.account}:db:${id}`;
const selectionOf = fc.record({
  place,
  planId: pick(['p1', 'p2', 'p3', 'missing']),
  // Names drawn so that sorting by them reorders the list; the index below keeps each one distinct.
  name: pick(['x', 'm', 'a']),
  resources: fc.array(
    fc.oneof(
      pick(['*', 'arn:aws:rds:*:*:db:*', 'arn:aws:rds:*:*:cluster:*']),
      fc.tuple(place, pick(IDS)).map(([p, id]) => arnOf(p, id)),
    ),
    { maxLength: 2 },
  ),
  notResources: fc.array(
    fc.tuple(place, pick(IDS)).map(([p, id]) => arnOf(p, id)),
    { maxLength: 1 },
  ),
  listOfTags: fc.array(
    fc.record({
      type: fc.constant('STRINGEQUALS'),
      key: pick(['backup', 'tier']),
      value: pick(['true', 'gold']),
    }),
    { maxLength: 1 },
  ),
});

describe('Coverage', () => {
  it('answers what judgeSelection decides, by plan then selection name, and remembers it', () => {
    fc.assert(
      fc.property(
        fc.array(selectionOf, { maxLength: 8 }),
        fc.array(fc.tuple(place, pick(IDS), tags), { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(pick(['p1', 'p2', 'p3']), { minLength: 1 }),
        (drawn, dbs, planIds) => {
          const plans = ACCOUNTS.flatMap((account) =>
            REGIONS.flatMap((region) =>
              // Plan names differ from their ids so that the order by name is not the order of ids.
              planIds.map((id) =>
                backupPlan({ id, name: `plan-${3 - Number(id.slice(1))}`, account, region }),
              ),
            ),
          );
          const selections = drawn.map((s, k) =>
            backupSelection({
              account: s.place.account,
              region: s.place.region,
              planId: s.planId,
              name: `${s.name}${k}`,
              resources: s.resources,
              notResources: s.notResources,
              listOfTags: s.listOfTags,
            }),
          );
          const coverage = new Coverage(plans, selections);
          for (const [p, id, t] of dbs) {
            const db = subject(p.account, p.region, id, t);
            const want = selections
              .map((selection) => ({
                selection,
                plan: plans.find(
                  (x) =>
                    x.id === selection.planId &&
                    x.account === selection.account &&
                    x.region === selection.region,
                ),
                verdict: judgeSelection(selection, db),
              }))
              .filter(
                ({ selection, plan, verdict }) =>
                  selection.account === db.account &&
                  selection.region === db.region &&
                  plan &&
                  verdict.selected,
              )
              .sort(
                (a, b) =>
                  byText(a.plan?.name ?? '', b.plan?.name ?? '') ||
                  byText(a.selection.name, b.selection.name),
              )
              .map(({ selection, plan, verdict }) => ({
                plan,
                selection,
                via: verdict.selected ? verdict.via : undefined,
                ...(verdict.selected && verdict.matched !== undefined ? { matched: verdict.matched } : {}),
              }));
            const got = coverage.of(db);
            expect(got).toEqual(want);
            expect(coverage.of(db)).toBe(got);
            expect(coverage.plansOf(db)).toEqual([...new Set(want.map((c) => c.plan))]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('orders many covers of one database as few: by plan, then selection name', () => {
    const plans = [backupPlan({ id: 'p1', name: 'zeta' }), backupPlan({ id: 'p2', name: 'alpha' })];
    const names = ['k', 'c', 'x', 'a', 'q', 'm', 'b', 'z', 'e', 'h', 'd', 'w'];
    const selections = names.map((name, k) => backupSelection({ planId: k % 2 ? 'p1' : 'p2', name }));
    const db = subject(ACCOUNTS[0] as string, 'eu-west-2', 'a', {});
    for (const n of [2, 5, 8, 9, 12]) {
      const got = new Coverage(plans, selections.slice(0, n))
        .of(db)
        .map((c) => `${c.plan.name}/${c.selection.name}`);
      expect(got).toEqual(
        selections
          .slice(0, n)
          .map((s) => `${s.planId === 'p1' ? 'zeta' : 'alpha'}/${s.name}`)
          .sort(),
      );
    }
  });

  it('gives one array for each distinct set of plans, whichever database asks', () => {
    const plans = [backupPlan({ id: 'p1' }), backupPlan({ id: 'p2' })];
    const coverage = new Coverage(plans, [
      backupSelection({ planId: 'p1', name: 'all' }),
      backupSelection({
        planId: 'p2',
        name: 'gold',
        listOfTags: [{ type: 'STRINGEQUALS', key: 'tier', value: 'gold' }],
      }),
    ]);
    const plain = [
      subject(ACCOUNTS[0] as string, 'eu-west-2', 'a', {}),
      subject(ACCOUNTS[0] as string, 'eu-west-2', 'b', {}),
    ];
    const gold = subject(ACCOUNTS[0] as string, 'eu-west-2', 'c', { tier: 'gold' });
    const [first, second] = plain.map((db) => coverage.plansOf(db));
    expect(first).toBe(second);
    expect(first).toEqual([plans[0]]);
    expect(coverage.plansOf(gold)).toEqual(plans);
    expect(coverage.plansOf(gold)).not.toBe(first);
  });
});
