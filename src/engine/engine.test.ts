import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import retention from '../../checks/aws.rds.backup-retention.js';
import { factError, loadedPolicy, rdsInstance, snapshotOf, target, targetSnapshot } from '../kit/builders.js';
import { defineCheck } from '../kit/define.js';
import type { ResourceRef, Stage } from '../model/types.js';
import { Type } from '../util/typebox.js';
import { findingId } from './evaluate.js';
import { evaluate } from './index.js';
import { DEFAULT_THRESHOLDS, type Inputs, type LoadedWaiver } from './inputs.js';

const prod = target({ name: 'acme-prod', stage: 'production-enterprise' });
const beta = target({ name: 'acme-beta', stage: 'private-beta' });
const demo = target({ name: 'demo', stage: 'public-demo' });

function inputs(
  over: Partial<Inputs> = {},
  severity: 'critical' | 'high' | 'medium' | 'low' = 'medium',
): Inputs {
  return {
    targets: [prod, beta, demo],
    policies: [
      loadedPolicy(
        retention,
        { minRetentionDays: 7, readReplicas: 'skip' },
        ['acme-prod', 'acme-beta', 'demo'],
        { id: 'p.retention', severity },
      ),
    ],
    waivers: [],
    thresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

const failing = (name: string) =>
  targetSnapshot(name, {
    'aws.rds.instances': [rdsInstance({ id: `${name}-db`, backupRetentionDays: 1 })],
    'aws.rds.clusters': [],
  });
const snap = snapshotOf([failing('acme-prod'), failing('acme-beta'), failing('demo')]);

function waiver(over: Partial<LoadedWaiver['waiver']> = {}): LoadedWaiver {
  return {
    index: 0,
    at: { file: 'waivers.yaml', line: 2, col: 5 },
    waiver: {
      policy: 'p.retention',
      target: 'acme-prod',
      resource: 'acme-prod-*',
      reason: 'r',
      owner: 'alice',
      approver: 'bob',
      ticket: 'T-1',
      expires: '2027-01-01',
      ...over,
    },
  };
}

describe('gate thresholds by stage', () => {
  const blockingStages = (severity: 'critical' | 'high' | 'medium' | 'low') =>
    evaluate(inputs({}, severity), snap)
      .findings.filter((f) => f.blocking)
      .map((f) => f.stage as Stage)
      .sort();

  it('production-enterprise blocks on any fail; private-beta on high and above; public-demo on critical', () => {
    expect(blockingStages('low')).toEqual(['production-enterprise']);
    expect(blockingStages('medium')).toEqual(['production-enterprise']);
    expect(blockingStages('high')).toEqual(['private-beta', 'production-enterprise']);
    expect(blockingStages('critical')).toEqual(['private-beta', 'production-enterprise', 'public-demo']);
  });

  it('thresholds are configurable', () => {
    const e = evaluate(
      inputs({ thresholds: { ...DEFAULT_THRESHOLDS, 'production-enterprise': 'critical' } }, 'high'),
      snap,
    );
    expect(e.findings.filter((f) => f.blocking).map((f) => f.target)).toEqual(['acme-beta']);
  });

  it('exit code 1 when something fails, 3 when only errors block, 0 when nothing blocks', () => {
    expect(evaluate(inputs({}, 'high'), snap).gate.exitCode).toBe(1);
    const errs = snapshotOf([targetSnapshot('acme-prod', { 'aws.rds.instances': [] }, [], [])]);
    const onlyProd = inputs({ targets: [prod] });
    expect(evaluate(onlyProd, errs).gate).toMatchObject({ decision: 'blocked', exitCode: 3 });
    const ok = snapshotOf([
      targetSnapshot('acme-prod', {
        'aws.rds.instances': [rdsInstance({ id: 'x', backupRetentionDays: 30 })],
        'aws.rds.clusters': [],
      }),
    ]);
    expect(evaluate(onlyProd, ok).gate).toMatchObject({ decision: 'passed', exitCode: 0, reasons: [] });
  });
});

describe('waivers', () => {
  it('an active waiver turns a matching fail into waived and unblocks the gate', () => {
    const e = evaluate(inputs({ targets: [prod], waivers: [waiver()] }), snap);
    expect(e.findings.map((f) => f.status)).toEqual(['waived']);
    expect(e.findings[0]?.waiver).toMatchObject({ ticket: 'T-1', approver: 'bob' });
    expect(e.gate.decision).toBe('passed');
    expect(e.waivers[0]).toMatchObject({ status: 'active', applied: [e.findings[0]?.id] });
  });

  it('an expired waiver does not waive and is reported as expired (expiry judged at collectedAt)', () => {
    const e = evaluate(inputs({ targets: [prod], waivers: [waiver({ expires: '2026-11-29' })] }), snap);
    expect(e.findings.map((f) => f.status)).toEqual(['fail']);
    expect(e.waivers[0]?.status).toBe('expired');
    const earlier = snapshotOf(snap.targets, '2026-11-28T23:59:59.000Z');
    expect(
      evaluate(inputs({ targets: [prod], waivers: [waiver({ expires: '2026-11-29' })] }), earlier).findings[0]
        ?.status,
    ).toBe('waived');
  });

  it('a self-approved waiver does not waive', () => {
    const e = evaluate(inputs({ targets: [prod], waivers: [waiver({ approver: 'Alice' })] }), snap);
    expect(e.findings[0]?.status).toBe('fail');
    expect(e.waivers[0]?.status).toBe('self-approved');
  });

  it('a waiver never covers an error, nor another resource, policy or target', () => {
    const errSnap = snapshotOf([targetSnapshot('acme-prod', {}, [], [])]);
    expect(
      evaluate(inputs({ targets: [prod], waivers: [waiver({ resource: '*' })] }), errSnap).findings[0]
        ?.status,
    ).toBe('error');
    for (const w of [
      waiver({ resource: 'other-*' }),
      waiver({ policy: 'p.other' }),
      waiver({ target: 'acme-beta' }),
    ]) {
      expect(evaluate(inputs({ targets: [prod], waivers: [w] }), snap).findings[0]?.status).toBe('fail');
    }
  });
});

describe('determinism', () => {
  it('the same snapshot and inputs give identical findings, sorted', () => {
    const a = evaluate(inputs(), snap);
    const b = evaluate(inputs(), snapshotOf([...snap.targets].reverse()));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.findings.map((f) => f.target)).toEqual(['acme-beta', 'acme-prod', 'demo']);
  });

  it('a finding id is the first 16 hex digits of the SHA-256 of policy, target, type and ARN or id', () => {
    const hex = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
    const cases: [string, string, ResourceRef][] = [
      ['p', 't', { type: 'target', id: 't' }],
      [
        'backups.retention',
        'acme-prod',
        { type: 'aws.rds.db-instance', id: 'orders', arn: 'arn:aws:rds:eu-west-2:111111111111:db:orders' },
      ],
      ['policy.é', 'cible-ü', { type: 'aws.rds.db-instance', id: 'base-€-日本' }],
    ];
    for (const [policy, target, resource] of cases) {
      const id = findingId(policy, target, resource);
      expect(id).toBe(hex(`${policy}\0${target}\0${resource.type}\0${resource.arn ?? resource.id}`));
      expect(id).toMatch(/^[0-9a-f]{16}$/);
    }
    // Every finding of an evaluation carries that id.
    for (const f of evaluate(inputs(), snap).findings)
      expect(f.id).toBe(
        hex(`${f.policyId}\0${f.target}\0${f.resource.type}\0${f.resource.arn ?? f.resource.id}`),
      );
  });

  it('a check that throws gives an error finding, not a crash or a pass', () => {
    const broken = {
      ...retention,
      id: 'broken',
      evaluate() {
        throw new Error('boom');
      },
    };
    const e = evaluate(
      inputs({ targets: [prod], policies: [loadedPolicy(broken, {}, ['acme-prod'])] }),
      snap,
    );
    expect(e.findings.map((f) => [f.status, f.messageId, f.message])).toEqual([
      ['error', 'checkCrashed', 'Could not judge: check broken failed: boom'],
    ]);
  });

  it('a check reading a fact it did not declare is caught', () => {
    const sneaky = {
      ...retention,
      id: 'sneaky',
      requires: [],
      evaluate(facts: Record<string, unknown>) {
        void facts['aws.rds.instances'];
        return [];
      },
    };
    const e = evaluate(
      inputs({ targets: [prod], policies: [loadedPolicy(sneaky as never, {}, ['acme-prod'])] }),
      snap,
    );
    expect(e.findings[0]?.data.error).toContain('without declaring it in requires');
  });
});

describe('fail closed', () => {
  it('a fact that could not be read at all is an error naming the operation and code, never judged', () => {
    // A collector that records the error but no list for the fact (GitHub does): the check is not run on
    // the missing fact (it would crash, losing the cause), and every error becomes a finding.
    const t = targetSnapshot(
      'acme-prod',
      { 'aws.rds.instances': [rdsInstance({ id: 'orders-db', backupRetentionDays: 35 })] },
      [factError({ fact: 'aws.rds.clusters', operation: 'rds:DescribeDBClusters', code: 'Throttling' })],
    );
    delete t.facts['aws.rds.clusters'];
    const e = evaluate(inputs({ targets: [prod] }), snapshotOf([t]));
    expect(e.findings.map((f) => [f.status, f.messageId, f.resource.type])).toEqual([
      ['error', 'factUnavailable', 'collection'],
    ]);
    expect(e.findings[0]?.message).toContain('rds:DescribeDBClusters failed');
    expect(e.findings[0]?.message).toContain('(Throttling)');
    expect(e.gate.exitCode).toBe(3);
  });
});

describe('snapshot scope', () => {
  const twoRegions = target({
    name: 'acme-prod',
    aws: { regions: ['eu-west-2', 'eu-west-1'], accounts: [{ id: '111111111111' }] },
  });
  const scoped = (regions: string[]) => {
    const ts = failing('acme-prod');
    ts.provenance.aws = { accounts: ['111111111111'], regions };
    return snapshotOf([ts]);
  };

  it('a snapshot that did not cover a region the target now names is not judged: error, not pass', () => {
    const e = evaluate(inputs({ targets: [twoRegions] }), scoped(['eu-west-2']));
    expect(e.findings.map((f) => [f.status, f.messageId])).toEqual([['error', 'scopeNotCollected']]);
    expect(e.findings[0]?.message).toContain('also needs region eu-west-1');
  });

  it('a snapshot covering every account and region is judged', () => {
    const e = evaluate(inputs({ targets: [twoRegions] }), scoped(['eu-west-1', 'eu-west-2']));
    expect(e.findings.map((f) => f.status)).toEqual(['fail']);
  });
});

describe('evidence sources', () => {
  it('names each check its own sources, even when two checks yield one shared evidence object', () => {
    const shared = { note: 'shared' };
    const make = (id: string, requires: readonly ('aws.rds.instances' | 'aws.backup.plans')[]) =>
      defineCheck({
        id,
        meta: { title: 't', description: 'd', severity: 'low', docs: 'd', remediation: 'r' },
        options: Type.Object({}),
        requires,
        permissions: [],
        messages: { seen: 'seen' },
        *evaluate() {
          yield { status: 'pass', messageId: 'seen', evidence: shared };
        },
      });
    const a = make('test.a', ['aws.rds.instances']);
    const b = make('test.b', ['aws.backup.plans']);
    const facts = { 'aws.rds.instances': [], 'aws.backup.plans': [] };
    const { findings } = evaluate(
      {
        targets: [prod],
        policies: [
          loadedPolicy(a, {}, ['acme-prod'], { id: 'p.a' }),
          loadedPolicy(b, {}, ['acme-prod'], { id: 'p.b' }),
        ],
        waivers: [],
        thresholds: DEFAULT_THRESHOLDS,
      },
      snapshotOf([targetSnapshot('acme-prod', facts)]),
    );
    const sources = Object.fromEntries(findings.map((f) => [f.checkId, f.evidence.sources]));
    expect(sources['test.a']).toEqual(['rds:DescribeDBInstances']);
    expect(sources['test.b']).toEqual(['backup:ListBackupPlans', 'backup:GetBackupPlan']);
    expect(findings.every((f) => f.evidence.note === 'shared')).toBe(true);
  });

  it('names each operation once, even when several required facts come from it', () => {
    const both = defineCheck({
      id: 'test.both',
      meta: { title: 't', description: 'd', severity: 'low', docs: 'd', remediation: 'r' },
      options: Type.Object({}),
      requires: ['aws.backup.plans', 'aws.backup.selections'],
      permissions: [],
      messages: { seen: 'seen' },
      *evaluate() {
        yield { status: 'pass', messageId: 'seen' };
      },
    });
    const facts = { 'aws.backup.plans': [], 'aws.backup.selections': [] };
    const { findings } = evaluate(
      {
        targets: [prod],
        policies: [loadedPolicy(both, {}, ['acme-prod'], { id: 'p.both' })],
        waivers: [],
        thresholds: DEFAULT_THRESHOLDS,
      },
      snapshotOf([targetSnapshot('acme-prod', facts)]),
    );
    expect(findings[0]?.evidence.sources).toEqual([
      'backup:ListBackupPlans',
      'backup:GetBackupPlan',
      'backup:ListBackupSelections',
      'backup:GetBackupSelection',
    ]);
  });
});
