// The shortcuts that make evaluation fast must not change a single byte of what it decides: the finding
// order (sortFindings against compareFindings), message formatting (compiled templates against a plain
// replace) and the worst backup gap (cachedWorstGap, which merges only distinct timings, against worstGap).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFindings, sortFindings } from '../src/engine/index.js';
import { formatMessage } from '../src/kit/define.js';
import { cachedWorstGap, type RuleTiming, worstGap } from '../src/lib/schedule.js';
import type { Finding } from '../src/model/types.js';

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const text = fc.string({ unit: pick(['a', 'b', 'B', '-', ':', '/', '\u00e9', '0', 'z']), maxLength: 6 });

const finding = fc
  .record({
    target: pick(['acme-prod', 'acme-beta', 'acme']),
    policyId: pick(['p.a', 'p.b', 'p.a.b', 'q']),
    type: pick(['aws.rds.db-instance', 'aws.rds.db-cluster', 'target']),
    id: text,
    arn: fc.option(text, { nil: undefined }),
    status: pick(['pass', 'fail', 'error', 'skipped', 'waived'] as const),
    fid: text,
  })
  .map(
    (r) =>
      ({
        id: r.fid,
        policyId: r.policyId,
        target: r.target,
        status: r.status,
        resource: { type: r.type, id: r.id, ...(r.arn !== undefined ? { arn: r.arn } : {}) },
      }) as unknown as Finding,
  );

describe('evaluation shortcuts', () => {
  it('sortFindings orders exactly as compareFindings', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
        expect(sortFindings([...findings])).toEqual([...findings].sort(compareFindings));
      }),
    );
  });

  it('sortFindings orders one resource judged several times by a policy by status, then id', () => {
    // Few distinct resources and statuses, so that many findings tie on both and only the id orders them.
    const tied = fc.record({ key: pick(['a', 'b']), status: pick(['pass', 'fail'] as const), fid: text }).map(
      (r) =>
        ({
          id: r.fid,
          policyId: 'p',
          target: 't',
          status: r.status,
          resource: { type: 'aws.rds.db-instance', id: r.key },
        }) as unknown as Finding,
    );
    fc.assert(
      fc.property(fc.array(tied, { maxLength: 40 }), (findings) => {
        expect(sortFindings([...findings])).toEqual([...findings].sort(compareFindings));
      }),
    );
  });

  it('formatMessage fills placeholders as a plain replace would', () => {
    const plain = (template: string, data: Record<string, unknown>) =>
      template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) =>
        data[key] === undefined ? whole : String(data[key]),
      );
    const piece = fc.oneof(text, pick(['{{a}}', '{{ b }}', '{{c}}', '{{', '}}', '{{a', ' ']));
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
        fc.record({ a: fc.option(fc.integer(), { nil: undefined }), b: fc.option(text, { nil: undefined }) }),
        (template, data) => {
          expect(formatMessage(template, data)).toBe(plain(template, data));
          expect(formatMessage(template, data)).toBe(plain(template, data)); // from the cache, too
        },
      ),
    );
  });

  it('cachedWorstGap is worstGap, whatever the duplicates and their order', () => {
    const from = new Date('2026-11-29T12:00:00.000Z');
    const daily: RuleTiming = { schedule: 'cron(0 3 ? * * *)', startWindowMinutes: 60 };
    const hourly: RuleTiming = { schedule: 'cron(0 * ? * * *)' };
    const weekly: RuleTiming = { schedule: 'cron(0 5 ? * SUN *)', timezone: 'Europe/London' };
    const rate: RuleTiming = { schedule: 'rate(12 hours)', startWindowMinutes: 60 };
    for (const rules of [
      [daily],
      [daily, daily, daily],
      [...Array(20).fill(daily), ...Array(7).fill(hourly)],
      [weekly, daily, weekly, rate],
      [rate, rate],
    ]) {
      expect(cachedWorstGap(rules, from)).toEqual(worstGap(rules, from));
      expect(cachedWorstGap([...rules].reverse(), from)).toEqual(worstGap(rules, from));
    }
  });
});
