import { describe, expect, it } from 'vitest';
import retention from '../../checks/aws.rds.backup-retention.js';
import { Type } from '../util/typebox.js';
import { rdsInstance } from './builders.js';
import { defineCheck, formatMessage, placeholders } from './define.js';
import { CheckTester, runCase } from './tester.js';

const facts = {
  'aws.rds.instances': [rdsInstance({ id: 'db-1', backupRetentionDays: 1 })],
  'aws.rds.clusters': [],
};

describe('CheckTester', () => {
  it('rejects empty tables', () => {
    expect(() => new CheckTester(retention).run({ valid: [], invalid: [] })).toThrow(/must both have cases/);
    expect(() =>
      new CheckTester(retention).run({
        valid: [],
        invalid: [{ name: 'x', facts, expect: [{ status: 'fail', messageId: 'retentionTooShort' }] }],
      }),
    ).toThrow(/must both have cases/);
  });

  it('rejects expectations naming unknown message ids', () => {
    expect(() =>
      new CheckTester(retention).run({
        valid: [{ name: 'ok', facts }],
        invalid: [{ name: 'typo', facts, expect: [{ status: 'fail', messageId: 'retentionTooShrt' }] }],
      }),
    ).toThrow(/unknown message id "retentionTooShrt"/);
  });

  it('runs a case through the engine with defaults merged and rejects invalid case options', () => {
    const [f] = runCase(retention, { name: 'x', facts });
    expect(f).toMatchObject({
      status: 'fail',
      messageId: 'retentionTooShort',
      data: { minRetentionDays: 7 },
    });
    expect(() => runCase(retention, { name: 'bad', facts, options: { minRetentionDays: 'x' } })).toThrow(
      /options invalid/,
    );
  });

  it('freezes the facts, so a check that hands a fact item over as evidence (or changes it) fails', () => {
    const leaky = defineCheck({
      id: 'test.leaky-evidence',
      meta: { title: 't', description: 'd', severity: 'low', docs: 'd', remediation: 'r' },
      options: Type.Object({}),
      requires: ['aws.rds.instances'] as const,
      permissions: [],
      messages: { seen: 'seen {{id}}' },
      *evaluate(f) {
        for (const db of f['aws.rds.instances'] ?? [])
          yield { status: 'pass', messageId: 'seen', data: { id: db.id }, evidence: db as never };
      },
    });
    const item = rdsInstance({ id: 'db-1' });
    const [f] = runCase(leaky, { name: 'leak', facts: { 'aws.rds.instances': [item] } });
    expect(f).toMatchObject({ status: 'error', messageId: 'checkCrashed' });
    expect(item).not.toHaveProperty('sources');
  });
});

describe('messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('kept {{ days }} of {{min}} ({{other}})', { days: 1, min: 35 })).toBe(
      'kept 1 of 35 ({{other}})',
    );
    expect(placeholders('a {{x}} b {{ y }}')).toEqual(['x', 'y']);
  });

  it('every placeholder in a registered check message is a plain identifier', async () => {
    const { CHECKS } = await import('../../checks/index.js');
    for (const c of CHECKS) {
      for (const text of Object.values(c.messages))
        expect(text).not.toMatch(/\{\{[^}]*[^A-Za-z0-9_\s}][^}]*\}\}/);
    }
  });
});
