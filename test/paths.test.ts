// Paths: nothing a configuration, a bundle or a flag says can make the tool write outside the folder it was
// told to write to. Target names are restricted by the schema; `--out` must be (or become) a folder and is
// checked before anything is collected; every file of a run lands in `<out>/<run-id>/`; `collect --out`
// writes that one file; a bundle's manifest cannot name a file outside its folder; merge writes under its
// own `--out` with a run id of its own, whatever the shards say.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import {
  CREDENTIALS,
  endpointsOf,
  liveConfig,
  liveProject,
  POLICIES,
  type StandIns,
  startStandIns,
} from './helpers/live.js';
import {
  BASE_CONFIG,
  captureIo,
  RETENTION_POLICY,
  type TempProject,
  tempProject,
} from './helpers/project.js';

let project: TempProject | undefined;
let stand: StandIns | undefined;
afterEach(async () => {
  project?.cleanup();
  await stand?.close();
  project = undefined;
  stand = undefined;
});

async function cli(dir: string, args: string[]) {
  const io = captureIo(dir, CREDENTIALS);
  const code = await main(args, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

/** Every file and folder under `root`, relative, sorted. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      out.push(p);
      if (e.isDirectory()) walk(p);
    }
  };
  walk('');
  return out.sort();
}

const requestsTo = (s: StandIns) =>
  s.aws.requests.length + s.github.requests.length + s.status.requests.length;

const SNAPSHOT = JSON.stringify(
  snapshotOf([
    targetSnapshot('acme-prod', {
      'aws.rds.instances': [rdsInstance({ id: 'orders-db', backupRetentionDays: 35 })],
      'aws.rds.clusters': [],
    }),
  ]),
);

describe('target names', () => {
  it('a name that could be a path is invalid input (exit 2, positioned), and nothing is written', async () => {
    const bad = ['../x', 'a/b', '..', 'x/../../y', '.hidden', 'C:\\\\temp', 'Upper'];
    const targets = bad
      .map(
        (name) =>
          `  - name: "${name}"\n    stage: production-enterprise\n    aws: { regions: [eu-west-2] }\n`,
      )
      .join('');
    project = tempProject({
      'readiness.yaml': `targets:\n${targets}policies: [policies]\n`,
      'policies/p.yaml': RETENTION_POLICY,
      'snap.json': SNAPSHOT,
    });
    const v = await cli(project.dir, ['validate']);
    expect(v.code).toBe(2);
    const named = v.err
      .split('\n')
      .filter((l) => /^readiness\.yaml:\d+:\d+ targets\[\d+\]\.name: must match/.test(l));
    expect(named).toHaveLength(bad.length);
    const before = tree(project.dir);
    expect((await cli(project.dir, ['check', '--snapshot', 'snap.json', '--out', 'out'])).code).toBe(2);
    expect((await cli(project.dir, ['collect', '--out', 'snap2.json'])).code).toBe(2);
    expect(tree(project.dir)).toEqual(before);
  });
});

describe('--out', () => {
  it('a file, or a file in the way, is exit 2 before anything is collected', async () => {
    stand = await startStandIns();
    project = liveProject(endpointsOf(stand));
    project.write('afile', 'x');
    for (const out of ['afile', 'afile/sub', 'afile/sub/deeper']) {
      const r = await cli(project.dir, ['check', '--out', out]);
      expect([out, r.code]).toEqual([out, 2]);
      expect(r.err).toMatch(
        /^readiness: --out: afile(\/sub(\/deeper)?)? (is a file, not a folder|cannot be created)/,
      );
    }
    const merged = await cli(project.dir, ['merge', 'nothing', '--out', 'afile']);
    expect([merged.code, merged.err]).toEqual([2, 'readiness: --out: afile is a file, not a folder\n']);
    for (const out of ['.', 'existing-dir', 'afile/snap.json', 'missing/snap.json', 'snaps/']) {
      if (out === 'existing-dir') mkdirSync(path.join(project.dir, out));
      const r = await cli(project.dir, ['collect', '--out', out]);
      expect([out, r.code]).toEqual([out, 2]);
    }
    expect(requestsTo(stand)).toBe(0);
    expect(readFileSync(path.join(project.dir, 'afile'), 'utf8')).toBe('x');
  });

  it('check writes exactly one folder, <out>/<run-id>/, even when --out lies outside the project', async () => {
    stand = await startStandIns();
    const root = tempProject({});
    project = root;
    mkdirSync(path.join(root.dir, 'project'));
    const dir = path.join(root.dir, 'project');
    writeFileSync(path.join(dir, 'readiness.yaml'), liveConfig(endpointsOf(stand)));
    for (const [rel, text] of Object.entries(POLICIES)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const before = tree(root.dir);
    const r = await cli(dir, ['check', '--out', '../elsewhere/bundles', '-q']);
    expect(r.code, r.err).toBe(0);
    const added = tree(root.dir).filter((p) => !before.includes(p));
    const [, , runId] = (added.find((p) => p.split(path.sep).length === 3) ?? '').split(path.sep);
    expect(runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    const bundle = path.join('elsewhere', 'bundles', runId as string);
    expect(added.every((p) => p === 'elsewhere' || p === path.dirname(bundle) || p.startsWith(bundle))).toBe(
      true,
    );
    expect(readdirSync(path.join(root.dir, bundle)).every((f) => /^[a-z]+\.[a-z]+$/.test(f))).toBe(true);
  });

  it('collect --out FILE writes that one file and nothing else', async () => {
    stand = await startStandIns();
    project = liveProject(endpointsOf(stand));
    mkdirSync(path.join(project.dir, 'snaps'));
    const before = tree(project.dir);
    const r = await cli(project.dir, ['collect', '--out', 'snaps/today.json']);
    expect(r.code, r.err).toBe(0);
    expect(tree(project.dir).filter((p) => !before.includes(p))).toEqual([path.join('snaps', 'today.json')]);
  });
});

describe('bundles from elsewhere', () => {
  it('a manifest naming a file outside its folder is refused, and that file is never read', async () => {
    project = tempProject({
      'readiness.yaml': BASE_CONFIG,
      'policies/p.yaml': RETENTION_POLICY,
      'snap.json': SNAPSHOT,
      'secret.txt': 'outside the bundle',
    });
    expect((await cli(project.dir, ['check', '--snapshot', 'snap.json', '--out', 'out', '-q'])).code).toBe(0);
    const [id] = readdirSync(path.join(project.dir, 'out')) as [string];
    const manifestFile = path.join(project.dir, 'out', id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const outside = readFileSync(path.join(project.dir, 'secret.txt'));
    for (const name of ['../../secret.txt', '/etc/passwd', '..', 'sub/../../secret.txt']) {
      manifest.files.push({
        path: name,
        sha256: createHash('sha256').update(outside).digest('hex'),
        bytes: outside.length,
      });
    }
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const v = await cli(project.dir, ['verify', path.join('out', id)]);
    expect(v.code).toBe(1);
    for (const name of ['../../secret.txt', '/etc/passwd', '..', 'sub/../../secret.txt'])
      expect(v.out).toContain(`lists an unacceptable file name ${JSON.stringify(name)}`);
  });

  it('merge writes its own run id under its own --out, whatever run id a shard claims', async () => {
    project = tempProject({
      'readiness.yaml': BASE_CONFIG,
      'policies/p.yaml': RETENTION_POLICY,
      'snap.json': SNAPSHOT,
    });
    expect((await cli(project.dir, ['check', '--snapshot', 'snap.json', '--out', 'shards', '-q'])).code).toBe(
      0,
    );
    const [id] = readdirSync(path.join(project.dir, 'shards')) as [string];
    const shard = path.join(project.dir, 'shards', id);
    // A shard rewritten to claim a hostile run id, with its manifest digest updated to match.
    const reportFile = path.join(shard, 'report.json');
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    report.run.id = '../../escaped';
    const text = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(reportFile, text);
    const manifestFile = path.join(shard, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.runId = '../../escaped';
    for (const f of manifest.files)
      if (f.path === 'report.json') {
        f.sha256 = createHash('sha256').update(text).digest('hex');
        f.bytes = Buffer.byteLength(text);
      }
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const before = tree(project.dir);
    const r = await cli(project.dir, ['merge', path.join('shards', id), '--out', 'merged', '-q']);
    const added = tree(project.dir).filter((p) => !before.includes(p));
    expect(added.every((p) => p === 'merged' || p.startsWith(`merged${path.sep}`))).toBe(true);
    expect(r.code, r.err).toBe(0);
    const [mergedId] = readdirSync(path.join(project.dir, 'merged')) as [string];
    expect(mergedId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    expect(statSync(path.join(project.dir, 'merged', mergedId)).isDirectory()).toBe(true);
    expect(tree(path.dirname(project.dir)).some((p) => p.includes('escaped'))).toBe(false);
  });
});
