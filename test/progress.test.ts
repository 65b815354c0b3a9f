// Progress of long runs: the AWS collector reports the start and end of itself and of every (account,
// region); the CLI draws one updating line of it on an interactive stderr, and nothing at all otherwise
// (CI, a pipe, --quiet).
import { afterEach, describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/progress.js';
import { collectFor } from '../src/cli/run.js';
import { collectAws } from '../src/collect/aws/index.js';
import { DEFAULT_CONCURRENCY, type ProgressEvent, type SourceCollector } from '../src/collect/types.js';
import { loadProject } from '../src/config/load.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import { A, B, estate, NOW, options, target } from './helpers/aws.js';
import { BASE_CONFIG, captureIo, RETENTION_POLICY, tempProject } from './helpers/project.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('AWS collector progress', () => {
  it('reports itself and every (account, region), each started before it is done', async () => {
    sim = await startSimulator({
      estate: estate(
        { 'eu-west-2': { instances: [{ id: 'a' }] } },
        { 'eu-west-2': { instances: [{ id: 'b' }] } },
      ),
      now: NOW,
    });
    const events: ProgressEvent[] = [];
    const res = await collectAws(
      target(sim, {
        regions: ['eu-west-2', 'eu-west-1'],
        accounts: [{ id: A }, { id: B, roleArn: `arn:aws:iam::${B}:role/reader`, externalId: 'acme-ext' }],
      }),
      ['aws.rds.instances'],
      options({ onProgress: (e) => events.push(e) }),
    );
    expect(res.errors).toEqual([]);
    expect(events[0]).toEqual({ target: 'acme-test', source: 'aws', phase: 'start', partitions: 4 });
    expect(events.at(-1)).toEqual({ target: 'acme-test', source: 'aws', phase: 'done' });
    const parts = events.slice(1, -1);
    const key = (e: ProgressEvent) => `${e.account}/${e.region}`;
    expect(
      parts
        .filter((e) => e.phase === 'start')
        .map(key)
        .sort(),
    ).toEqual([`${A}/eu-west-1`, `${A}/eu-west-2`, `${B}/eu-west-1`, `${B}/eu-west-2`]);
    for (const e of parts.filter((x) => x.phase === 'done')) {
      expect(parts.findIndex((x) => x.phase === 'start' && key(x) === key(e))).toBeLessThan(parts.indexOf(e));
    }
    expect(parts.filter((e) => e.phase === 'done')).toHaveLength(4);
  });

  it('reports a partition whose role cannot be assumed as started and done', async () => {
    sim = await startSimulator({ estate: estate({}), now: NOW });
    const events: ProgressEvent[] = [];
    await collectAws(
      target(sim, { accounts: [{ id: B, roleArn: `arn:aws:iam::${B}:role/reader`, externalId: 'wrong' }] }),
      ['aws.rds.instances'],
      options({ onProgress: (e) => events.push(e) }),
    );
    expect(events.map((e) => [e.phase, e.account ?? '-'])).toEqual([
      ['start', '-'],
      ['start', B],
      ['done', B],
      ['done', '-'],
    ]);
  });
});

describe('progress line', () => {
  const fake: SourceCollector = {
    source: 'aws',
    facts: ['aws.rds.instances'],
    async collect(t, _facts, o) {
      o.onProgress?.({ target: t.name, source: 'aws', phase: 'start', partitions: 2 });
      for (const region of ['eu-west-2', 'eu-west-1']) {
        o.onProgress?.({ target: t.name, source: 'aws', account: '333333333333', region, phase: 'start' });
        o.onProgress?.({ target: t.name, source: 'aws', account: '333333333333', region, phase: 'done' });
      }
      o.onProgress?.({ target: t.name, source: 'aws', phase: 'done' });
      return { facts: { 'aws.rds.instances': [] }, errors: [], calls: {} };
    },
  };

  async function run(interactive: boolean, quiet = false) {
    const p = tempProject({ 'readiness.yaml': BASE_CONFIG, 'policies/retention.yaml': RETENTION_POLICY });
    try {
      const io = { ...captureIo(p.dir), interactive };
      const { project } = loadProject('readiness.yaml', { cwd: p.dir, env: {} });
      if (!project) throw new Error('project did not load');
      await collectFor(
        project,
        { config: 'readiness.yaml', out: 'reports', quiet, collectors: [fake] },
        io,
        NOW,
      );
      return io;
    } finally {
      p.cleanup();
    }
  }

  it('writes nothing when stderr is not interactive (CI, a pipe) or with --quiet', async () => {
    expect((await run(false)).stderr).toEqual([]);
    expect((await run(true, true)).stderr).toEqual([]);
    expect((await run(false)).stdout).toEqual([]);
  });

  it('draws one line, rewritten in place, with the part and the count, and clears it at the end', async () => {
    const io = await run(true);
    const text = io.stderr.join('');
    expect(text).not.toContain('\n');
    expect(io.stderr.every((s) => s.startsWith('\r\u001b[2K'))).toBe(true);
    expect(text).toContain('collecting acme-prod aws 333333333333 eu-west-2 (0/2 partitions)');
    expect(text).toContain('collecting acme-prod aws 333333333333 eu-west-1 (2/2 partitions)');
    expect(io.stderr.at(-1)).toBe('\r\u001b[2K');
  });

  it('hands --concurrency (else the configuration, else the default) to the collectors', async () => {
    const seen: number[] = [];
    const spy: SourceCollector = {
      ...fake,
      async collect(t, facts, o) {
        seen.push(o.concurrency);
        return fake.collect(t, facts, { ...o, onProgress: () => {} });
      },
    };
    const p = tempProject({ 'readiness.yaml': BASE_CONFIG, 'policies/retention.yaml': RETENTION_POLICY });
    try {
      const { project } = loadProject('readiness.yaml', { cwd: p.dir, env: {} });
      if (!project) throw new Error('project did not load');
      const io = captureIo(p.dir);
      const opts = { config: 'readiness.yaml', out: 'reports', collectors: [spy] };
      await collectFor(project, { ...opts, concurrency: 3 }, io, NOW);
      await collectFor(project, opts, io, NOW);
      expect(seen).toEqual([3, DEFAULT_CONCURRENCY]);
    } finally {
      p.cleanup();
    }
  });

  it('counts parts of sources that announce none, and the latest running part is shown', () => {
    const io = { ...captureIo('.'), interactive: true };
    const line = progressLine(io);
    line.onProgress({ target: 't', source: 'aws', phase: 'start', partitions: 2 });
    line.onProgress({ target: 't', source: 'aws', account: '1', region: 'r1', phase: 'start' });
    line.onProgress({ target: 't', source: 'github', phase: 'start', detail: 'o/r' });
    line.onProgress({ target: 't', source: 'github', phase: 'done', detail: 'o/r' });
    expect(io.stderr.at(-1)).toBe('\r\u001b[2Kcollecting t aws 1 r1 (1/3 partitions)');
    line.end();
    expect(io.stderr.at(-1)).toBe('\r\u001b[2K');
  });
});
