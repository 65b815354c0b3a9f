import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupSelection } from '../kit/builders.js';
import { outsideGrants } from './access-policy.js';
import {
  arnPatternMatches,
  conditionHolds,
  judgeSelection,
  restoreSelectionCovers,
  selectionMatch,
  selects,
} from './selection.js';

const DB = 'arn:aws:rds:eu-west-2:111111111111:db:orders';
const CLUSTER = 'arn:aws:rds:eu-west-2:111111111111:cluster:ledger';
const none = { stringEquals: [], stringNotEquals: [], stringLike: [], stringNotLike: [] };
const sel = (p: Partial<Parameters<typeof backupSelection>[0]>) => backupSelection({ planId: 'p', ...p });

describe('ARN patterns', () => {
  it.each([
    ['*', DB, true],
    ['arn:aws:rds:*:*:db:*', DB, true],
    ['arn:aws:rds:*:*:db:*', CLUSTER, false],
    ['arn:aws:rds:*', CLUSTER, true],
    ['arn:aws:rds:eu-west-2:111111111111:db:ord*', DB, true],
    ['arn:aws:rds:eu-west-2:111111111111:db:orders', DB, true],
    ['arn:aws:rds:eu-west-2:111111111111:db:order', DB, false],
    ['arn:aws:rds:eu-west-1:*:db:*', DB, false],
    ['arn:aws:rds:eu-west-2:111111111111:db:orders?', DB, false],
  ])('%s against %s is %s', (pattern, arn, want) => {
    expect(arnPatternMatches(pattern, arn)).toBe(want);
  });
});

describe('conditions', () => {
  const tags = { backup: 'true', stage: 'prod' };
  it('StringEquals and StringLike need the tag; the negations hold when it is absent (IAM)', () => {
    expect(conditionHolds('StringEquals', { key: 'aws:ResourceTag/owner', value: 'x' }, tags)).toBe(false);
    expect(conditionHolds('StringLike', { key: 'aws:ResourceTag/owner', value: '*' }, tags)).toBe(false);
    expect(conditionHolds('StringNotEquals', { key: 'aws:ResourceTag/owner', value: 'x' }, tags)).toBe(true);
    expect(conditionHolds('StringNotLike', { key: 'aws:ResourceTag/owner', value: '*' }, tags)).toBe(true);
  });
  it('StringLike: * any run, ? one character; values are case sensitive', () => {
    expect(conditionHolds('StringLike', { key: 'aws:ResourceTag/stage', value: 'p?o*' }, tags)).toBe(true);
    expect(conditionHolds('StringLike', { key: 'aws:ResourceTag/stage', value: 'P*' }, tags)).toBe(false);
    expect(conditionHolds('StringEquals', { key: 'aws:ResourceTag/backup', value: 'True' }, tags)).toBe(
      false,
    );
  });
  it('the aws:ResourceTag/ prefix is a context key (any case); the tag key after it is exact', () => {
    expect(conditionHolds('StringEquals', { key: 'AWS:ResourceTag/backup', value: 'true' }, tags)).toBe(true);
    expect(conditionHolds('StringEquals', { key: 'aws:ResourceTag/Backup', value: 'true' }, tags)).toBe(
      false,
    );
    expect(conditionHolds('StringEquals', { key: 'backup', value: 'true' }, tags)).toBe(false);
  });
});

describe('combining', () => {
  const r = { arn: DB, tags: { backup: 'true' } };
  it('explains why a selection misses', () => {
    expect(judgeSelection(sel({ resources: [CLUSTER] }), r)).toMatchObject({
      selected: false,
      reason: 'notInResources',
    });
    expect(judgeSelection(sel({ resources: ['*'], notResources: [DB] }), r)).toMatchObject({
      reason: 'excludedByNotResources',
    });
    expect(
      judgeSelection(
        sel({ conditions: { ...none, stringEquals: [{ key: 'aws:ResourceTag/backup', value: 'no' }] } }),
        r,
      ),
    ).toMatchObject({
      reason: 'conditionNotMet',
      detail: 'Conditions StringEquals aws:ResourceTag/backup=no not met',
    });
  });
  it('says how a selection selects', () => {
    expect(judgeSelection(sel({}), r)).toEqual({ selected: true, via: 'everything' });
    expect(judgeSelection(sel({ resources: ['arn:aws:rds:*'] }), r)).toEqual({
      selected: true,
      via: 'resources',
      matched: 'arn:aws:rds:*',
    });
    expect(
      judgeSelection(sel({ listOfTags: [{ type: 'StringEquals', key: 'backup', value: 'true' }] }), r),
    ).toEqual({
      selected: true,
      via: 'listOfTags',
      matched: 'backup=true',
    });
  });
  it('(Resources OR ListOfTags) AND Conditions: the documented FSx/Aurora/backup:true example', () => {
    const s = sel({
      resources: ['arn:aws:fsx:*', 'arn:aws:rds:*:*:cluster:my-aurora-cluster'],
      listOfTags: [{ type: 'StringEquals', key: 'backup', value: 'true' }],
      conditions: { ...none, stringNotEquals: [{ key: 'aws:ResourceTag/stage', value: 'test' }] },
    });
    const aurora = 'arn:aws:rds:eu-west-2:111111111111:cluster:my-aurora-cluster';
    expect(selects(s, { arn: aurora, tags: {} })).toBe(true);
    expect(selects(s, { arn: aurora, tags: { stage: 'test' } })).toBe(false);
    expect(selects(s, { arn: DB, tags: { backup: 'true' } })).toBe(true);
    expect(selects(s, { arn: DB, tags: { backup: 'true', stage: 'test' } })).toBe(false);
    expect(selects(s, { arn: DB, tags: {} })).toBe(false);
  });
  it('restore testing selections: type, ARNs and tag conditions', () => {
    const rts = {
      name: 's',
      protectedResourceType: 'RDS',
      protectedResourceArns: ['*'],
      protectedResourceConditions: {
        stringEquals: [{ key: 'aws:ResourceTag/backup', value: 'true' }],
        stringNotEquals: [],
      },
    };
    expect(restoreSelectionCovers(rts, 'RDS', r)).toBe(true);
    expect(restoreSelectionCovers(rts, 'Aurora', r)).toBe(false);
    expect(restoreSelectionCovers({ ...rts, protectedResourceArns: [CLUSTER] }, 'RDS', r)).toBe(false);
    expect(restoreSelectionCovers(rts, 'RDS', { arn: DB, tags: {} })).toBe(false);
  });
});

describe('vault access policies', () => {
  const own = new Set(['111111111111']);
  const doc = (...Statement: object[]) => JSON.stringify({ Statement });
  it('ignores Deny and service principals, reports * and foreign accounts', () => {
    const r = outsideGrants(
      doc(
        { Effect: 'Deny', Principal: '*', Action: '*' },
        { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: '*' },
        {
          Sid: 'mine',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/ops' },
          Action: '*',
        },
        { Sid: 'them', Effect: 'Allow', Principal: { AWS: ['999999999999'] }, Action: 'backup:*' },
        {
          Sid: 'all',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'backup:*',
          Condition: { StringEquals: {} },
        },
      ),
      own,
    );
    expect(r).toEqual({
      grants: [
        { statement: 'them', principal: '999999999999', actions: ['backup:*'], conditional: false },
        { statement: 'all', principal: '*', actions: ['backup:*'], conditional: true },
      ],
    });
  });
  it('a single statement object and unreadable documents', () => {
    expect(
      outsideGrants(JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*' } }), own),
    ).toMatchObject({
      grants: [{ principal: '*' }],
    });
    expect(outsideGrants('nope', own)).toHaveProperty('error');
    expect(outsideGrants('{}', own)).toEqual({ error: 'no Statement' });
  });
});

// ---- properties --------------------------------------------------------------------------------------

const arns = fc.constantFrom(
  DB,
  CLUSTER,
  'arn:aws:rds:eu-west-1:222222222222:db:reports',
  'arn:aws:rds:eu-west-2:111111111111:db:orders-replica',
);
const patterns = fc.constantFrom(
  '*',
  'arn:aws:rds:*',
  'arn:aws:rds:*:*:db:*',
  'arn:aws:rds:*:*:cluster:*',
  DB,
  CLUSTER,
  'arn:aws:rds:eu-west-2:*',
);
const keys = fc.constantFrom('backup', 'stage', 'owner');
const values = fc.constantFrom('true', 'prod', 'test', 'p*', '*');
const tags = fc.dictionary(keys, fc.constantFrom('true', 'prod', 'test', 'team-a'));
// Condition keys in any case, and some that name no tag; ListOfTags types other than STRINGEQUALS never match.
const prefixes = fc.constantFrom(
  'aws:ResourceTag/',
  'aws:ResourceTag/',
  'AWS:resourcetag/',
  'aws:PrincipalTag/',
  '',
);
const kv = fc.record({ key: fc.tuple(prefixes, keys).map(([p, k]) => `${p}${k}`), value: values });
const tagEntry = fc.record({
  type: fc.constantFrom('STRINGEQUALS', 'STRINGEQUALS', 'StringEquals', 'STRINGLIKE'),
  key: keys,
  value: values,
});
const selection = fc
  .record({
    resources: fc.array(patterns, { maxLength: 2 }),
    notResources: fc.array(patterns, { maxLength: 2 }),
    listOfTags: fc.array(tagEntry, { maxLength: 2 }),
    conditions: fc.record({
      stringEquals: fc.array(kv, { maxLength: 2 }),
      stringNotEquals: fc.array(kv, { maxLength: 1 }),
      stringLike: fc.array(kv, { maxLength: 1 }),
      stringNotLike: fc.array(kv, { maxLength: 1 }),
    }),
  })
  .map((p) => sel(p));
const resource = fc.record({ arn: arns, tags });

/**
 * The selection rules as the AWS Backup Developer Guide states them, written the plain way (no compiling):
 * (Resources OR ListOfTags, or everything when both are empty) AND NOT NotResources AND every Conditions
 * entry. The product writes them once, compiled (SelectionMatcher); this is the test's own oracle.
 */
function plainJudge(s: ReturnType<typeof sel>, r: { arn: string; tags: Record<string, string> }) {
  const everything = s.resources.length === 0 && s.listOfTags.length === 0;
  const resource = s.resources.find((p) => arnPatternMatches(p, r.arn));
  const tag = s.listOfTags.find(
    (t) =>
      t.type.toUpperCase() === 'STRINGEQUALS' && Object.hasOwn(r.tags, t.key) && r.tags[t.key] === t.value,
  );
  const how = everything
    ? { via: 'everything' as const }
    : resource !== undefined
      ? { via: 'resources' as const, matched: resource }
      : tag
        ? { via: 'listOfTags' as const, matched: `${tag.key}=${tag.value}` }
        : undefined;
  if (!how) {
    const parts = [
      s.resources.length ? 'no Resources entry matches' : '',
      s.listOfTags.length ? 'no ListOfTags entry matches' : '',
    ];
    return { selected: false, reason: 'notInResources', detail: parts.filter(Boolean).join('; ') };
  }
  const excluded = s.notResources.find((p) => arnPatternMatches(p, r.arn));
  if (excluded !== undefined)
    return { selected: false, reason: 'excludedByNotResources', detail: `NotResources ${excluded}` };
  const ops = [
    ['StringEquals', s.conditions.stringEquals],
    ['StringNotEquals', s.conditions.stringNotEquals],
    ['StringLike', s.conditions.stringLike],
    ['StringNotLike', s.conditions.stringNotLike],
  ] as const;
  for (const [op, list] of ops)
    for (const c of list)
      if (!conditionHolds(op, c, r.tags))
        return {
          selected: false,
          reason: 'conditionNotMet',
          detail: `Conditions ${op} ${c.key}=${c.value} not met`,
        };
  return { selected: true, ...how };
}

describe('selection properties', () => {
  it('NotResources never adds a resource', () => {
    fc.assert(
      fc.property(selection, patterns, resource, (s, extra, r) => {
        if (selects({ ...s, notResources: [...s.notResources, extra] }, r)) expect(selects(s, r)).toBe(true);
      }),
    );
  });

  it('adding a ListOfTags entry never removes a resource (once Resources or ListOfTags is set)', () => {
    fc.assert(
      fc.property(selection, tagEntry, resource, (s, extra, r) => {
        fc.pre(s.resources.length > 0 || s.listOfTags.length > 0);
        if (selects(s, r)) expect(selects({ ...s, listOfTags: [...s.listOfTags, extra] }, r)).toBe(true);
      }),
    );
  });

  it('adding a Resources entry never removes a resource (once Resources or ListOfTags is set)', () => {
    fc.assert(
      fc.property(selection, patterns, resource, (s, extra, r) => {
        fc.pre(s.resources.length > 0 || s.listOfTags.length > 0);
        if (selects(s, r)) expect(selects({ ...s, resources: [...s.resources, extra] }, r)).toBe(true);
      }),
    );
  });

  it('adding a condition never adds a resource', () => {
    fc.assert(
      fc.property(
        selection,
        kv,
        fc.constantFrom('stringEquals', 'stringNotEquals', 'stringLike', 'stringNotLike'),
        resource,
        (s, c, op, r) => {
          const more = { ...s, conditions: { ...s.conditions, [op]: [...s.conditions[op], c] } };
          if (selects(more, r)) expect(selects(s, r)).toBe(true);
        },
      ),
    );
  });

  it('judgeSelection decides as the AWS rules written out plainly, and selectionMatch as it does', () => {
    fc.assert(
      fc.property(selection, resource, (s, r) => {
        const v = judgeSelection(s, r);
        expect(v).toEqual(plainJudge(s, r));
        const m = selectionMatch(s, r);
        expect(m === undefined ? { selected: false } : { selected: true, ...m }).toEqual(
          v.selected ? v : { selected: false },
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('an empty selection selects everything; any NotResources match excludes', () => {
    fc.assert(
      fc.property(resource, patterns, (r, p) => {
        expect(selects(sel({}), r)).toBe(true);
        expect(selects(sel({ notResources: [p] }), r)).toBe(!arnPatternMatches(p, r.arn));
      }),
    );
  });
});

describe('selection fuzzing', () => {
  // Patterns and ARNs come from the estate: regular-expression characters in them are literal, and any
  // string is judged without an exception.
  const text = fc.string({ maxLength: 30 });
  const withSpecials = fc
    .array(
      fc.oneof(text, fc.constantFrom('.', '+', '(', ')', '[', ']', '{', '}', '^', '$', '|', '\\', '?')),
      {
        maxLength: 6,
      },
    )
    .map((parts) => parts.join(''));

  it('a pattern without * matches exactly itself, whatever characters it holds', () => {
    fc.assert(
      fc.property(withSpecials, withSpecials, (pattern, arn) => {
        fc.pre(!pattern.includes('*'));
        expect(arnPatternMatches(pattern, pattern)).toBe(true);
        expect(arnPatternMatches(pattern, arn)).toBe(pattern === arn);
      }),
    );
  });

  it('* matches any run without whitespace: prefix* matches every whitespace-free extension', () => {
    fc.assert(
      fc.property(withSpecials, fc.stringMatching(/^\S*$/), (prefix, rest) => {
        fc.pre(!prefix.includes('*'));
        expect(arnPatternMatches(`${prefix}*`, `${prefix}${rest}`)).toBe(true);
      }),
    );
  });

  it('arbitrary selections, conditions and tags are judged without an exception', () => {
    fc.assert(
      fc.property(
        fc.record({
          resources: fc.array(withSpecials, { maxLength: 2 }),
          notResources: fc.array(withSpecials, { maxLength: 2 }),
          listOfTags: fc.array(fc.record({ type: text, key: text, value: withSpecials }), { maxLength: 2 }),
        }),
        fc.array(fc.record({ key: text, value: withSpecials }), { maxLength: 2 }),
        withSpecials,
        fc.dictionary(text, text),
        (s, conditions, arn, tags) => {
          const selection = sel({
            ...s,
            conditions: { ...none, stringLike: conditions, stringEquals: conditions },
          });
          const verdict = judgeSelection(selection, { arn, tags });
          expect(typeof selects(selection, { arn, tags })).toBe('boolean');
          expect(verdict).toBeDefined();
        },
      ),
    );
  });
});
