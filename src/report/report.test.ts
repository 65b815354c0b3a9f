import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import retention from '../../checks/aws.rds.backup-retention.js';
import { PUBLISHED, renderSchema } from '../config/published.js';
import { evaluate } from '../engine/index.js';
import { DEFAULT_THRESHOLDS, type Inputs } from '../engine/inputs.js';
import { loadedPolicy, rdsInstance, snapshotOf, target, targetSnapshot } from '../kit/builders.js';
import { createAjv } from '../util/ajv.js';
import { buildReport } from './build.js';
import { mdSafe, termSafe } from './escape.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

const hostile = 'evil<script>alert(1)</script>|x\n::error::pwned\u001b[31mred';
const inputs: Inputs = {
  targets: [target()],
  policies: [loadedPolicy(retention, { minRetentionDays: 7, readReplicas: 'skip' }, ['acme-prod'])],
  waivers: [],
  thresholds: DEFAULT_THRESHOLDS,
};
const snapshot = snapshotOf([
  targetSnapshot('acme-prod', {
    'aws.rds.instances': [
      rdsInstance({ id: 'db-b', backupRetentionDays: 1 }),
      rdsInstance({ id: hostile, backupRetentionDays: 0 }),
    ],
    'aws.rds.clusters': [],
  }),
]);

function report(runId: string, at: string) {
  return buildReport({
    inputs,
    evaluation: evaluate(inputs, snapshot),
    snapshot,
    run: { id: runId, startedAt: at, finishedAt: at, mode: 'snapshot' },
    configFile: 'readiness.yaml',
    digests: { 'readiness.yaml': 'sha256:00' },
  });
}

describe('report.json', () => {
  it('validates against the published report schema', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../policies/schema/report.schema.json', import.meta.url), 'utf8'),
    );
    const validate = createAjv().compile(schema);
    const ok = validate(JSON.parse(renderJson(report('r1', '2026-11-29T12:00:00.000Z'))));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is byte-identical for the same snapshot and policies, apart from the run id and times', () => {
    const a = renderJson(report('run-a', '2026-11-29T12:00:00.000Z'));
    const b = renderJson(report('run-b', '2026-11-30T08:00:00.000Z'));
    expect(a).not.toBe(b);
    const strip = (s: string) =>
      s.replace(
        /"(id|startedAt|finishedAt)": "(run-[ab]|2026-11-(29|30)T(12|08):00:00\.000Z)"/g,
        '"$1": "X"',
      );
    expect(strip(a)).toBe(strip(b));
  });
});

describe('published schemas', () => {
  it('policies/schema/ is up to date with the code (npm run schemas)', () => {
    for (const [name, schema] of Object.entries(PUBLISHED)) {
      const onDisk = readFileSync(new URL(`../../policies/schema/${name}`, import.meta.url), 'utf8');
      expect(onDisk, name).toBe(renderSchema(schema));
    }
  });
});

describe('escaping untrusted strings', () => {
  const r = report('r1', '2026-11-29T12:00:00.000Z');
  it('terminal output has no escape sequences or line breaks from the estate, and no colour unless asked', () => {
    const out = renderTerminal(r, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('evil<script>alert(1)</script>|x ::error::pwnedred');
    expect(renderTerminal(r, { color: true })).toContain('\u001b[31m');
    expect(termSafe('a\u001b]0;title\u0007b')).toBe('ab');
  });
  it('markdown cannot break the table, inject HTML or start a workflow command', () => {
    const md = renderMarkdown(r);
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/^::error::/m);
    expect(md).not.toContain('::error::');
    expect(mdSafe('a|b')).toBe('a\\|b');
    const row = md.split('\n').find((l) => l.includes('evil'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(8);
  });
});
