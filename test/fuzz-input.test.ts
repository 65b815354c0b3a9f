// Fuzzing the inputs: random and mutated configurations, policies, waivers and snapshots always end in
// a clean result — valid, or exit 2 with positioned messages — never a crash or a stack trace.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../src/cli/main.js';
import { readSnapshot } from '../src/cli/snapshot-file.js';
import { loadProject } from '../src/config/load.js';
import {
  backupPlan,
  backupSelection,
  factError,
  rdsCluster,
  rdsInstance,
  snapshotOf,
  targetSnapshot,
} from '../src/kit/builders.js';
import type { Report } from '../src/report/model.js';
import type { FactItem } from '../src/snapshot/facts.js';
import {
  BASE_CONFIG,
  captureIo,
  RETENTION_POLICY,
  type TempProject,
  tempProject,
} from './helpers/project.js';

const RUNS = 150;
let project: TempProject;
beforeAll(() => {
  project = tempProject({ 'readiness.yaml': BASE_CONFIG, 'policies/p.yaml': RETENTION_POLICY });
});
afterAll(() => project.cleanup());

const positioned = /^\S+:\d+:\d+ /;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

/** Mutates a parsed document: replace, delete or add at a random path. */
function mutate(doc: Json, picks: number[], replacement: Json, key: string): Json {
  if (picks.length === 0 || doc === null || typeof doc !== 'object') return replacement;
  const [pick, ...rest] = picks as [number, ...number[]];
  if (Array.isArray(doc)) {
    if (doc.length === 0) return [replacement];
    const i = pick % doc.length;
    const copy = [...doc];
    if (rest.length === 0 && pick % 3 === 0) copy.splice(i, 1);
    else copy[i] = mutate(copy[i] as Json, rest, replacement, key);
    return copy;
  }
  const keys = Object.keys(doc);
  if (keys.length === 0 || pick % 5 === 0) return { ...doc, [key]: replacement };
  const k = keys[pick % keys.length] as string;
  if (rest.length === 0 && pick % 3 === 0) {
    const others = { ...doc };
    delete others[k];
    return others;
  }
  return { ...doc, [k]: mutate(doc[k] as Json, rest, replacement, key) };
}

const mutation = fc.tuple(fc.array(fc.nat(), { maxLength: 5 }), jsonValue, fc.string({ maxLength: 12 }));

function assertClean(text: string, which: 'config' | 'policy' | 'waivers') {
  writeFileSync(
    path.join(project.dir, 'readiness.yaml'),
    which === 'config' ? text : `${BASE_CONFIG}waivers: waivers.yaml\n`,
  );
  writeFileSync(path.join(project.dir, 'policies/p.yaml'), which === 'policy' ? text : RETENTION_POLICY);
  writeFileSync(path.join(project.dir, 'waivers.yaml'), which === 'waivers' ? text : 'waivers: []\n');
  const { project: p, problems } = loadProject('readiness.yaml', { cwd: project.dir, env: {} });
  expect(p === undefined).toBe(problems.length > 0);
  for (const prob of problems) {
    expect(prob.line).toBeGreaterThanOrEqual(1);
    expect(prob.col).toBeGreaterThanOrEqual(1);
    expect(prob.message.length).toBeGreaterThan(0);
  }
}

describe('fuzzing inputs', () => {
  it('random text as any input file never crashes the loader', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('config', 'policy', 'waivers') as fc.Arbitrary<'config' | 'policy' | 'waivers'>,
        fc.string({ maxLength: 200 }),
        (which, text) => {
          assertClean(text, which);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('mutated configurations, policies and waivers end valid or with positioned problems', () => {
    const bases = {
      config: parse(BASE_CONFIG) as Json,
      policy: parse(RETENTION_POLICY) as Json,
      waivers: {
        waivers: [
          {
            policy: 'backups.retention',
            target: 'acme-prod',
            reason: 'r',
            owner: 'a',
            approver: 'b',
            ticket: 'T',
            expires: '2027-01-01',
          },
        ],
      } as Json,
    };
    fc.assert(
      fc.property(
        fc.constantFrom('config', 'policy', 'waivers') as fc.Arbitrary<keyof typeof bases>,
        mutation,
        (which, [picks, value, key]) => {
          assertClean(stringify(mutate(bases[which], picks, value, key)), which);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the CLI answers exit 2 with positioned messages and no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async ([picks, value, key]) => {
        writeFileSync(
          path.join(project.dir, 'readiness.yaml'),
          stringify(mutate(parse(BASE_CONFIG) as Json, picks, value, key)),
        );
        writeFileSync(path.join(project.dir, 'policies/p.yaml'), RETENTION_POLICY);
        const io = captureIo(project.dir);
        const code = await main(['validate'], io);
        expect([0, 2]).toContain(code);
        const err = io.stderr.join('');
        expect(err).not.toMatch(/\n\s+at /);
        if (code === 2) {
          const lines = err.trim().split('\n');
          expect(lines.at(-1)).toMatch(/problem\(s\); nothing was collected\.$/);
          for (const line of lines.slice(0, -1)) expect(line).toMatch(positioned);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('mutated snapshots are read cleanly or rejected with positioned problems', () => {
    const base = snapshotOf([
      targetSnapshot('acme-prod', {
        'aws.rds.instances': [rdsInstance({ id: 'db-1' })],
        'aws.rds.clusters': [],
      }),
    ]) as unknown as Json;
    fc.assert(
      fc.property(mutation, ([picks, value, key]) => {
        writeFileSync(path.join(project.dir, 'snap.json'), JSON.stringify(mutate(base, picks, value, key)));
        const { snapshot, problems } = readSnapshot('snap.json', project.dir);
        expect(snapshot === undefined).toBe(problems.length > 0);
        for (const p of problems) expect(`${p.file}:${p.line}:${p.col} ${p.message}`).toMatch(positioned);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile YAML', () => {
  it('an alias bomb is a positioned problem, not a crash', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
targets: [*d]
`;
    writeFileSync(path.join(project.dir, 'readiness.yaml'), bomb);
    const { problems } = loadProject('readiness.yaml', { cwd: project.dir, env: {} });
    expect(problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`)[0]).toMatch(
      /^readiness\.yaml:1:1 YAML: .*alias/i,
    );
    writeFileSync(path.join(project.dir, 'snap.yaml'), bomb);
    expect(readSnapshot('snap.yaml', project.dir).problems[0]?.message).toMatch(/alias/i);
  });
});

// ---- snapshots through `readiness evaluate` ------------------------------------------------------------

const POLICIES = {
  'policies/p.yaml': RETENTION_POLICY,
  'policies/resilience.yaml': `id: rds.resilience
title: Databases survive the loss of a zone
controls: [SL-RESILIENCE]
stages: [production-enterprise]
check: aws.rds.resilience
`,
  'policies/protected.yaml': `id: backups.protected
title: Every database is in a backup plan
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.backup.resources-protected
emptyScope: skip
`,
};

/** `readiness evaluate snap.json` in process; the outcome, what it printed, and the bundle if one was written. */
async function evaluateSnapshot(dir: string, snapshot: unknown) {
  rmSync(path.join(dir, 'out'), { recursive: true, force: true });
  writeFileSync(path.join(dir, 'snap.json'), JSON.stringify(snapshot));
  const io = captureIo(dir);
  const code = await main(['evaluate', 'snap.json', '--out', 'out', '-q'], io);
  const err = io.stderr.join('');
  const runs = existsSync(path.join(dir, 'out')) ? readdirSync(path.join(dir, 'out')) : [];
  const report =
    runs.length === 1
      ? (JSON.parse(readFileSync(path.join(dir, 'out', runs[0] as string, 'report.json'), 'utf8')) as Report)
      : undefined;
  return { code, err, runs, report };
}

type Outcome = Awaited<ReturnType<typeof evaluateSnapshot>>;

/** Exit 2 with positioned problems and nothing written, or a verdict whose exit code its findings explain. */
function expectCleanOutcome(o: Outcome) {
  expect([0, 1, 2, 3]).toContain(o.code);
  expect(o.err).not.toMatch(/\n\s+at /);
  expect(o.err).not.toContain('internal error');
  if (o.code === 2) {
    const lines = o.err.trim().split('\n');
    expect(lines.at(-1)).toMatch(/problem\(s\); nothing was collected\.$/);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(positioned);
    expect(o.runs).toEqual([]);
    return;
  }
  expect(o.runs).toHaveLength(1);
  const findings = o.report?.findings ?? [];
  const blocking = findings.filter((f) => f.blocking);
  const expected = blocking.some((f) => f.status === 'fail')
    ? 1
    : blocking.some((f) => f.status === 'error')
      ? 3
      : 0;
  expect(o.code).toBe(expected);
  expect(o.report?.gate.exitCode).toBe(expected);
}

const ids = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom('<script>x</script>', ']]>', '\u001b[31mred', '::error::x', 'a|b\nc', '../../etc'),
);
/** Usually absent: a value that would make most findings fail or error is the exception, not the rule. */
const rarely = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: a, weight: 1 });
const mostly = <T>(good: T, a: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(good), weight: 3 }, { arbitrary: a, weight: 1 });
const accounts = fc.constantFrom('111111111111', '222222222222');
const regions = fc.constantFrom('eu-west-2', 'eu-west-1', 'us-east-1');
const tagKeys = fc.oneof(fc.constantFrom('backup', 'tier'), fc.string({ maxLength: 8 }));
const tags = fc.dictionary(tagKeys, fc.oneof(fc.constant('true'), fc.string({ maxLength: 8 })), {
  maxKeys: 3,
});
const windows = rarely(fc.constantFrom('02:00-02:30', 'sun:03:00-sun:03:30', 'nonsense', ''));

const instance = fc
  .record({
    id: ids,
    account: accounts,
    region: regions,
    engine: fc.constantFrom('postgres', 'mysql', 'aurora-postgresql', 'oracle-ee', ''),
    status: mostly('available', fc.constantFrom('creating', 'stopped', 'deleting')),
    backupRetentionDays: mostly(35, fc.nat({ max: 60 })),
    multiAz: mostly(true, fc.boolean()),
    storageEncrypted: mostly(true, fc.boolean()),
    deletionProtection: mostly(true, fc.boolean()),
    tags,
    clusterId: rarely(ids),
    readReplicaSourceId: rarely(ids),
    backupWindow: windows,
    maintenanceWindow: windows,
  })
  .map(({ clusterId, readReplicaSourceId, backupWindow, maintenanceWindow, ...i }) =>
    rdsInstance({
      ...i,
      ...(clusterId !== undefined ? { clusterId } : {}),
      ...(readReplicaSourceId !== undefined ? { readReplicaSourceId } : {}),
      ...(backupWindow !== undefined ? { backupWindow } : {}),
      ...(maintenanceWindow !== undefined ? { maintenanceWindow } : {}),
    }),
  );
const cluster = fc
  .record({
    id: ids,
    account: accounts,
    region: regions,
    backupRetentionDays: mostly(35, fc.nat({ max: 60 })),
    multiAz: mostly(true, fc.boolean()),
    members: fc.array(fc.record({ id: ids, writer: fc.boolean() }), { maxLength: 3 }),
    tags,
  })
  .map((c) => rdsCluster(c));
/** A selection in some account and region; the plan it belongs to is added beside it. */
const selection = fc
  .record({
    account: accounts,
    region: regions,
    resources: fc.array(fc.constantFrom('*', 'arn:aws:rds:*', 'arn:aws:rds:*:*:db:*', 'x'), { maxLength: 2 }),
    notResources: fc.array(fc.constantFrom('arn:aws:rds:*:*:cluster:*', 'y'), { maxLength: 1 }),
    listOfTags: fc.array(
      fc.record({ type: fc.constant('STRINGEQUALS'), key: tagKeys, value: fc.constant('true') }),
      { maxLength: 2 },
    ),
  })
  .map(({ account, region, ...sel }) => ({
    plan: backupPlan({ id: `plan-${account}-${region}`, account, region }),
    selection: backupSelection({ planId: `plan-${account}-${region}`, account, region, ...sel }),
  }));
const errorOf = fc
  .record({
    fact: fc.constantFrom('aws.rds.instances', 'aws.rds.clusters', 'aws.backup.plans'),
    code: fc.constantFrom('AccessDenied', 'Throttling', 'Timeout', '<b>x</b>'),
    account: rarely(accounts),
    region: rarely(regions),
    message: fc.string({ maxLength: 40 }),
  })
  .map(({ account, region, ...e }) =>
    factError({ ...e, ...(account ? { account } : {}), ...(region ? { region } : {}) }),
  );

/** A plan in every account and region with a selection that selects every supported resource. */
const everywhere = () =>
  ['111111111111', '222222222222'].flatMap((account) =>
    ['eu-west-2', 'eu-west-1', 'us-east-1'].map((region) => ({
      plan: backupPlan({ id: `all-${account}-${region}`, account, region }),
      selection: backupSelection({ planId: `all-${account}-${region}`, account, region }),
    })),
  );

/** A snapshot the schema accepts, with arbitrary content: names, tags, values, selections, errors and time. */
const validSnapshot = fc
  .record({
    instances: fc.array(instance, { maxLength: 4 }),
    clusters: fc.array(cluster, { maxLength: 2 }),
    selections: rarely(fc.array(selection, { maxLength: 3 })),
    errors: mostly([], fc.array(errorOf, { minLength: 1, maxLength: 2 })),
    beta: fc.boolean(),
    at: fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
  })
  .map(({ instances, clusters, selections, errors, beta, at }) => {
    const chosen = selections ?? everywhere();
    const facts: Parameters<typeof targetSnapshot>[1] = {
      'aws.rds.instances': instances as FactItem<'aws.rds.instances'>[],
      'aws.rds.clusters': clusters as FactItem<'aws.rds.clusters'>[],
      'aws.backup.plans': [...new Map(chosen.map((c) => [c.plan.arn, c.plan])).values()],
      'aws.backup.selections': chosen.map((c) => c.selection),
    };
    const targets = [targetSnapshot('acme-prod', facts, errors)];
    if (beta) targets.push(targetSnapshot('acme-beta', facts));
    return snapshotOf(targets, at.toISOString());
  });

describe('fuzzing snapshots through `readiness evaluate`', () => {
  let dir: TempProject;
  beforeAll(() => {
    dir = tempProject({ 'readiness.yaml': BASE_CONFIG, ...POLICIES });
  });
  afterAll(() => dir.cleanup());

  it('any snapshot the schema accepts ends in a clean verdict (0, 1 or 3) that its findings explain; no check crashes', async () => {
    await fc.assert(
      fc.asyncProperty(validSnapshot, async (snap) => {
        const o = await evaluateSnapshot(dir.dir, snap);
        expect(o.code, o.err).not.toBe(2);
        expectCleanOutcome(o);
        const crashed = (o.report?.findings ?? []).filter((f) => f.messageId === 'checkCrashed');
        expect(crashed.map((f) => f.message)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('mutated snapshots end in exit 2 with positioned problems and nothing written, or a clean verdict', async () => {
    const base = snapshotOf([
      targetSnapshot('acme-prod', {
        'aws.rds.instances': [rdsInstance({ id: 'db-1' }), rdsInstance({ id: 'db-2', clusterId: 'c-1' })],
        'aws.rds.clusters': [rdsCluster({ id: 'c-1', members: [{ id: 'db-2', writer: true }] })],
        'aws.backup.plans': everywhere().map((c) => c.plan),
        'aws.backup.selections': everywhere().map((c) => c.selection),
      }),
    ]) as unknown as Json;
    await fc.assert(
      fc.asyncProperty(mutation, async ([picks, value, key]) => {
        expectCleanOutcome(await evaluateSnapshot(dir.dir, mutate(base, picks, value, key)));
      }),
      { numRuns: 120 },
    );
  });

  it('text that is not JSON, or JSON that is not an object, is exit 2 with a position', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), jsonValue), async (junk) => {
        rmSync(path.join(dir.dir, 'out'), { recursive: true, force: true });
        writeFileSync(
          path.join(dir.dir, 'snap.json'),
          typeof junk === 'string' ? junk : JSON.stringify(junk),
        );
        const io = captureIo(dir.dir);
        const code = await main(['evaluate', 'snap.json', '--out', 'out', '-q'], io);
        expect(code).toBe(2);
        expectCleanOutcome({ code, err: io.stderr.join(''), runs: [], report: undefined });
      }),
      { numRuns: 80 },
    );
  });
});
