// `readiness demo`, in process: the AWS simulator, the GitHub stand-in and the status pages on 127.0.0.1,
// the whole pack against the fictional estate. Every registered check and every pack policy is exercised,
// every check both passes and fails somewhere, failures are spread over the three stages, and nothing is
// an error because a stand-in was set up wrong — the one error is deliberate and named below.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { DEMO_DIR } from '../src/cli/demo.js';
import { main } from '../src/cli/main.js';
import { loadProject } from '../src/config/load.js';
import type { Finding } from '../src/model/types.js';
import type { Report } from '../src/report/model.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { type CapturedIo, captureIo } from './helpers/project.js';

/** The errors the demo shows on purpose: acme-beta declares no residency, so its data cannot be placed. */
const DELIBERATE_ERRORS = [
  { policyId: 'thesmios.residency.data-location', target: 'acme-beta', messageId: 'residencyUnknown' },
];

let dir: string;
let io: CapturedIo;
let code: number;
let report: Report;
let snapshot: Snapshot;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'readiness-demo-'));
  io = captureIo(dir);
  code = await main(['demo', '--out', 'out'], io);
  const bundle = path.join(dir, 'out', readdirSync(path.join(dir, 'out'))[0] as string);
  report = JSON.parse(readFileSync(path.join(bundle, 'report.json'), 'utf8')) as Report;
  snapshot = JSON.parse(readFileSync(path.join(bundle, 'snapshot.json'), 'utf8')) as Snapshot;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const of = (pred: (f: Finding) => boolean) => report.findings.filter(pred);
const statuses = (fs: Finding[]) => new Set(fs.map((f) => f.status));

describe('readiness demo', () => {
  it('runs, exits 0 and says its gate is blocked on purpose', () => {
    expect(code, io.stderr.join('')).toBe(0);
    expect(io.stdout.join('')).toContain('blocked on purpose');
    expect(report.gate.decision).toBe('blocked');
    expect(report.targets.map((t) => t.stage).sort()).toEqual([
      'private-beta',
      'production-enterprise',
      'public-demo',
    ]);
  });

  it('gives every registered check at least one pass and one fail', () => {
    for (const check of CHECKS) {
      const seen = statuses(of((f) => f.checkId === check.id));
      expect([...seen].sort(), check.id).toEqual(expect.arrayContaining(['fail', 'pass']));
    }
  });

  it('exercises every policy of the pack with a verdict (pass, fail or waived)', () => {
    const { project } = loadProject(path.join(DEMO_DIR, 'readiness.yaml'), { env: {} });
    const ids = project?.inputs.policies.map((p) => p.policy.id) ?? [];
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) {
      const seen = statuses(of((f) => f.policyId === id));
      expect(
        ['pass', 'fail', 'waived'].some((s) => seen.has(s as Finding['status'])),
        id,
      ).toBe(true);
    }
  });

  it('has no errors but the deliberate ones, and no collection errors: the stand-ins answer everything', () => {
    const errors = of((f) => f.status === 'error').map(({ policyId, target, messageId }) => ({
      policyId,
      target,
      messageId,
    }));
    expect(errors).toEqual(DELIBERATE_ERRORS);
    for (const t of report.targets) expect(t.collectionErrors, t.name).toEqual([]);
  });

  it('spreads the failures: production and beta have several, the public demo blocks on one critical', () => {
    const blocking = (target: string) => of((f) => f.target === target && f.blocking);
    expect(blocking('acme-prod').length).toBeGreaterThan(10);
    expect(blocking('acme-beta').length).toBeGreaterThanOrEqual(3);
    expect(blocking('acme-beta').length).toBeLessThan(10);
    expect(
      blocking('thesmios-demo').map((f) => [f.policyId, f.severity, f.resource.id, f.messageId]),
    ).toEqual([['thesmios.demo.fictional-data', 'critical', 'demo-analytics', 'restoredFromOutside']]);
    // Below the threshold: reported, never blocking.
    expect(of((f) => f.target === 'acme-beta' && f.status === 'fail' && !f.blocking).length).toBeGreaterThan(
      0,
    );
    for (const t of report.targets) expect(t.summary.pass, t.name).toBeGreaterThan(0);
  });

  it('reads repository documents both from a local checkout and through the GitHub contents API', () => {
    const sources = (target: string) =>
      new Set(snapshot.targets.find((t) => t.name === target)?.facts['repo.files']?.map((f) => f.source));
    expect(sources('acme-prod')).toEqual(new Set(['local']));
    expect(sources('acme-beta')).toEqual(new Set(['github']));
  });

  it('applies every active waiver to a failure, and an expired one to none', () => {
    expect(report.waivers.length).toBeGreaterThan(0);
    for (const w of report.waivers) {
      if (w.status === 'active') expect(w.applied.length, w.id).toBeGreaterThan(0);
      else expect(w.applied, w.id).toEqual([]);
    }
    expect(report.waivers.some((w) => w.status === 'expired')).toBe(true);
  });

  it('keeps the demo token out of the bundle', () => {
    expect(JSON.stringify(snapshot)).not.toContain('demo-token-for-the-local-github-stand-in');
    expect(JSON.stringify(report)).not.toContain('demo-token-for-the-local-github-stand-in');
  });
});
