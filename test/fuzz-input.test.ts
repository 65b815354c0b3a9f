// Fuzzing the inputs: random and mutated configurations, policies, waivers and snapshots always end in
// a clean result — valid, or exit 2 with positioned messages — never a crash or a stack trace.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../src/cli/main.js';
import { readSnapshot } from '../src/cli/snapshot-file.js';
import { loadProject } from '../src/config/load.js';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
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

function assertClean(file: string, text: string, which: 'config' | 'policy' | 'waivers') {
  const files: Record<string, string> = {
    config: 'readiness.yaml',
    policy: 'policies/p.yaml',
    waivers: 'waivers.yaml',
  };
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
  void file;
}

describe('fuzzing inputs', () => {
  it('random text as any input file never crashes the loader', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('config', 'policy', 'waivers') as fc.Arbitrary<'config' | 'policy' | 'waivers'>,
        fc.string({ maxLength: 200 }),
        (which, text) => {
          assertClean(which, text, which);
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
          assertClean(which, stringify(mutate(bases[which], picks, value, key)), which);
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
