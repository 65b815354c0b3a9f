// The Thesmios pack (policies/thesmios): it validates, every policy proves a named SL-* control with words
// taken from the service levels page (test/fixtures/service-levels.txt, a copy of the page so that a
// clone stands alone), production enterprise covers every control, and the pack's README and example
// waivers keep up with it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { main } from '../src/cli/main.js';
import { type LoadedProject, loadProject } from '../src/config/load.js';
import { formatProblem } from '../src/config/problems.js';
import type { Stage } from '../src/model/types.js';
import { captureIo, type TempProject, tempProject } from './helpers/project.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACK = path.join(ROOT, 'policies/thesmios');
const DEMO_CONFIG = path.join(ROOT, 'examples/demo/readiness.yaml');
const MODELINE = '# yaml-language-server: $schema=../schema/policy.schema.json';

/** The controls the pack proves: one per commitment of the page, plus change control and demo data. */
const CONTROLS = [
  'SL-STATUS-PAGE',
  'SL-INCIDENT-NOTICE',
  'SL-BACKUPS',
  'SL-RESTORE-TEST',
  'SL-RECOVERY-TARGETS',
  'SL-RESIDENCY',
  'SL-MAINTENANCE',
  'SL-SUPPORT-SEVERITY',
  'SL-CHANGE-CONTROL',
  'SL-DEMO-DATA',
];
/** Controls that are promises of one stage only, so production enterprise need not cover them. */
const STAGE_ONLY: Record<string, Stage> = { 'SL-DEMO-DATA': 'public-demo' };

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const PAGE = squash(readFileSync(new URL('./fixtures/service-levels.txt', import.meta.url), 'utf8'));

const loaded = loadProject(DEMO_CONFIG, { cwd: ROOT, env: {} });
const project = loaded.project as LoadedProject;
const pack = (project?.inputs.policies ?? []).filter((p) => p.at.file.includes('policies/thesmios/'));
const packFiles = readdirSync(PACK).filter((f) => f.endsWith('.yaml'));

let temp: TempProject | undefined;
afterAll(() => temp?.cleanup());

describe('the Thesmios pack', () => {
  it('validates with the demo configuration, with no problems', () => {
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    expect(pack.length).toBeGreaterThanOrEqual(CONTROLS.length);
  });

  it('opens every document of every file with the schema modeline', () => {
    for (const file of packFiles) {
      const docs = readFileSync(path.join(PACK, file), 'utf8').split(/^---$/m);
      docs.forEach((doc, i) => {
        expect(doc.trimStart().split('\n')[0], `${file}, document ${i + 1}`).toBe(MODELINE);
      });
    }
  });

  it('uses only the SL-* controls, and every policy has a title, stages, severity and remediation', () => {
    for (const { policy } of pack) {
      expect(
        policy.controls.filter((c) => !CONTROLS.includes(c)),
        policy.id,
      ).toEqual([]);
      expect(policy.severity, policy.id).toBeDefined();
      expect(policy.remediation?.length, policy.id).toBeGreaterThan(10);
      expect(policy.frameworks?.length, policy.id).toBeGreaterThan(0);
    }
  });

  it("quotes, in every policy's commitment, words that are on the service levels page", () => {
    for (const { policy } of pack) {
      expect(policy.commitment, policy.id).toBeTruthy();
      // Several parts of one table row are quoted joined by " … ".
      for (const part of (policy.commitment ?? '').split(' … ')) {
        expect(PAGE.includes(squash(part)), `${policy.id}: "${part}" is not on the page`).toBe(true);
      }
    }
  });

  it('covers every control at production enterprise (and the demo-data promise at the public demo)', () => {
    for (const control of CONTROLS) {
      const stage = STAGE_ONLY[control] ?? 'production-enterprise';
      const proving = pack.filter(
        (p) => p.policy.controls.includes(control) && p.policy.stages.includes(stage),
      );
      expect(proving.length, `${control} at ${stage}`).toBeGreaterThan(0);
    }
  });

  it('has policies for each of the three stages, and holds production to its order form', () => {
    for (const stage of ['public-demo', 'private-beta', 'production-enterprise'] as const) {
      expect(
        pack.some((p) => p.policy.stages.includes(stage)),
        stage,
      ).toBe(true);
    }
    const refs = pack
      .filter((p) => p.policy.stages.includes('production-enterprise'))
      .map((p) => JSON.stringify(p.policy.options ?? {}));
    for (const field of ['rpoMinutes', 'rtoMinutes', 'backupRetentionDays', 'restoreTestMaxAgeDays']) {
      expect(
        refs.some((r) => r.includes(`\${target.orderForm.${field}}`)),
        field,
      ).toBe(true);
    }
  });

  it('uses every registered check', () => {
    const used = new Set(pack.map((p) => p.check.id));
    expect(CHECKS.map((c) => c.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it("names every policy and control in the pack's README", () => {
    const readme = readFileSync(path.join(PACK, 'README.md'), 'utf8');
    for (const control of CONTROLS) expect(readme, control).toContain(control);
    for (const { policy } of pack) {
      const [, area, name] = policy.id.split('.') as [string, string, string];
      const named = readme.includes(policy.id) || readme.includes(`\`.${name}\``);
      expect(named && readme.includes(`thesmios.${area}.`), policy.id).toBe(true);
    }
  });

  it('accepts the example waivers', () => {
    temp = tempProject({
      'readiness.yaml': `targets:
  - name: acme-prod
    stage: production-enterprise
    residency: uk
    orderForm: { rpoMinutes: 60, rtoMinutes: 240, backupRetentionDays: 35, restoreTestMaxAgeDays: 30 }
  - name: acme-beta
    stage: private-beta
    residency: eu
    orderForm: { backupRetentionDays: 7, restoreTestMaxAgeDays: 90 }
policies: [${JSON.stringify(PACK)}]
waivers: ${JSON.stringify(path.join(ROOT, 'examples/waivers.example.yaml'))}
`,
    });
    const r = loadProject('readiness.yaml', { cwd: temp.dir, env: {} });
    expect(r.problems.map(formatProblem)).toEqual([]);
    expect(r.project?.inputs.waivers.length).toBeGreaterThan(0);
  });

  it('explain shows the commitment a policy proves', async () => {
    const io = captureIo(ROOT);
    const code = await main(['explain', 'thesmios.demo.fictional-data', '--config', DEMO_CONFIG], io);
    const out = io.stdout.join('');
    expect(code).toBe(0);
    expect(out).toContain(
      'Commitment it proves:\n  "The public demo is for evaluation and uses fictional data."',
    );
    expect(out).toContain('Controls: SL-DEMO-DATA');
    expect(out).toContain('aws.rds.fictional-data — ');
  });
});
