// The workflows in .github/workflows/: the project's CI, and the reusable readiness gate whose shape
// (matrix of shards → artifacts → merge → fail when blocked) callers depend on; and the README's example.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Step = {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
type Job = {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: Record<string, unknown>; 'fail-fast'?: boolean };
  steps: Step[];
  container?: string;
  outputs?: Record<string, string>;
};
type Call = {
  inputs: Record<string, unknown>;
  secrets: Record<string, unknown>;
  outputs: Record<string, { value: string }>;
};
type Workflow = {
  on: { workflow_call: Call } & Record<string, unknown>;
  jobs: Record<string, Job>;
  permissions?: Record<string, string>;
};

const read = (name: string) =>
  parse(readFileSync(new URL(`../.github/workflows/${name}`, import.meta.url), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const uses = (job: Job) => job.steps.map((s) => s.uses ?? '');

describe('ci.yml', () => {
  it('runs the project tests on Node 20 with Chromium from apt', () => {
    const wf = read('ci.yml');
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = wf.jobs.test!;
    expect(job.container).toBe('node:20-bookworm');
    expect(runs(job)).toMatch(/apt-get install -y -qq chromium/);
    expect(runs(job)).toMatch(/npm ci/);
    expect(runs(job)).toMatch(/npm test/);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });
});

describe('readiness-gate.yml', () => {
  const wf = read('readiness-gate.yml');

  it('is reusable, with targets (a JSON list), config and secrets', () => {
    const call = wf.on.workflow_call;
    expect(call.inputs.targets).toMatchObject({ required: true, type: 'string' });
    expect(call.inputs.config).toMatchObject({ type: 'string', default: 'readiness.yaml' });
    expect(Object.keys(call.secrets)).toEqual(
      expect.arrayContaining([
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'READINESS_GITHUB_TOKEN',
        'READINESS_SIGNING_KEY',
      ]),
    );
    expect(call.outputs.decision?.value).toBe('${{ jobs.gate.outputs.decision }}');
  });

  it('checks each target in its own matrix job and uploads its bundle', () => {
    const job = wf.jobs.check!;
    expect(job.strategy).toEqual({
      'fail-fast': false,
      matrix: { target: '${{ fromJSON(inputs.targets) }}' },
    });
    const check = job.steps.find((s) => s.id === 'check');
    expect(check?.run).toContain('check --config "$CONFIG" --target "$TARGET"');
    expect(check?.env?.TARGET).toBe('${{ matrix.target }}');
    // A blocked gate (1, 3) is a verdict for the merge; invalid input (2) fails the shard.
    expect(check?.run).toContain('case "$code" in 0|1|3) exit 0 ;; *) exit "$code" ;; esac');
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.name).toBe('readiness-shard-${{ matrix.target }}');
  });

  it('merges every shard in a final job that fails when the gate is blocked or a shard is missing', () => {
    const job = wf.jobs.gate!;
    expect(job.needs).toBe('check');
    expect(job.if).toBe('${{ !cancelled() }}');
    expect(job.steps[0]).toMatchObject({ if: "needs.check.result != 'success'" });
    expect(job.steps[0]?.run).toContain('exit 1');
    expect(uses(job)).toContain('actions/download-artifact@v4');
    const merge = job.steps.find((s) => s.run?.includes('merge --out'))!;
    expect(merge.run).toContain('"$RUNNER_TEMP"/shards/*/*/');
    expect(merge.run).toMatch(/exit "\$code"\s*$/);
  });
});

describe('README', () => {
  it('shows a production deployment that needs the gate', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = readme.match(/```yaml\n(# \.github\/workflows\/deploy\.yml[\s\S]*?)```/)?.[1];
    expect(block).toBeDefined();
    const wf = parse(block as string) as Workflow;
    const gate = Object.entries(wf.jobs).find(([, j]) =>
      (j as { uses?: string }).uses?.includes('readiness-gate.yml'),
    );
    expect(gate).toBeDefined();
    const deploy = Object.values(wf.jobs).find(
      (j) => (j as { environment?: string }).environment === 'production',
    );
    expect(deploy?.needs).toBe(gate?.[0]);
  });
});
