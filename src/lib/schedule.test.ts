import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cronOccurrences,
  DEFAULT_START_WINDOW_MINUTES,
  parseSchedule,
  ScheduleError,
  timingProblem,
  worstGap,
  Zone,
} from './schedule.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const MIN = 60_000;
const nowMin = NOW.getTime() / MIN;

/** Scheduled times (ISO) of an expression in a zone over `days` from `from`. */
function times(expr: string, days: number, tz?: string, from = NOW): string[] {
  const s = parseSchedule(expr);
  if (s.kind !== 'cron') throw new Error('cron only');
  const f = from.getTime() / MIN;
  return cronOccurrences(s.cron, Zone.of(tz, f, f + days * 1440), f, f + days * 1440).map((m) =>
    new Date(m * MIN).toISOString(),
  );
}

describe('AWS cron syntax', () => {
  it.each([
    'cron(0 5 ? * * *)',
    'cron(15 * ? * * *)',
    'cron(0 12 * * ? *)',
    'cron(0/15 8-17 ? * MON-FRI *)',
    'cron(0 */12 ? * MON-FRI *)',
    'cron(0 1 L * ? *)',
    'cron(0 1 LW * ? *)',
    'cron(0 1 15W * ? *)',
    'cron(0 1 ? * 6L *)',
    'cron(0 1 ? * 3#2 *)',
    'cron(0 1 ? JAN,JUL 2#1 2027-2030)',
    'cron(0 1 ? * FRI-MON *)',
    'cron(0 1 1,15 */2 ? *)',
    'rate(1 hour)',
    'rate(15 minutes)',
    'rate(7 days)',
  ])('accepts %s', (expr) => {
    expect(() => parseSchedule(expr)).not.toThrow();
  });

  it.each([
    ['cron(0 5 * * * *)', 'exactly one of day-of-month and day-of-week'],
    ['cron(0 5 ? * ? *)', 'exactly one'],
    ['cron(0 5 ? * *)', '6 fields'],
    ['cron(60 5 ? * * *)', 'minutes'],
    ['cron(0 24 ? * * *)', 'hours'],
    ['cron(0 5 32 * ? *)', 'day-of-month'],
    ['cron(0 5 ? * 8 *)', 'day-of-week'],
    ['cron(0 5 ? * MON/2 *)', '"/" is not allowed'],
    ['cron(0 5 ? * 2#6 *)', '1-5'],
    ['cron(0 5 ? 13 * *)', 'month'],
    ['cron(0 5 ? * * 1969)', 'year'],
    ['cron(0 5 ? * * 2030-2020)', 'backwards'],
    ['rate(1 hours)', 'singular'],
    ['rate(2 hour)', 'singular'],
    ['rate(0 minutes)', 'rate'],
    ['rate(1 week)', 'neither'],
    ['0 5 * * ?', 'neither'],
  ])('rejects %s', (expr, why) => {
    expect(() => parseSchedule(expr)).toThrow(ScheduleError);
    expect(() => parseSchedule(expr)).toThrow(why);
  });

  it('names days 1-7 from SUN and months from JAN, in any case', () => {
    expect(times('cron(0 9 ? * sun *)', 8)).toEqual(times('cron(0 9 ? * 1 *)', 8));
    expect(times('cron(0 9 1 dec ? *)', 40)).toEqual(['2026-12-01T09:00:00.000Z']);
  });

  it('L is the last day of the month; LW its last weekday; 15W the weekday nearest the 15th', () => {
    expect(times('cron(0 0 L * ? *)', 95)).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2026-12-31T00:00:00.000Z',
      '2027-01-31T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
    ]);
    // 2027-01-31 is a Sunday and 2027-07-31 a Saturday: the last weekdays are the 29th and 30th.
    expect(times('cron(0 0 LW * ? *)', 250)).toContain('2027-01-29T00:00:00.000Z');
    expect(times('cron(0 0 LW * ? *)', 250)).toContain('2027-07-30T00:00:00.000Z');
    // 2027-05-15 is a Saturday (→ Fri 14th); 2027-08-15 a Sunday (→ Mon 16th).
    expect(times('cron(0 0 15W * ? *)', 270)).toContain('2027-05-14T00:00:00.000Z');
    expect(times('cron(0 0 15W * ? *)', 270)).toContain('2027-08-16T00:00:00.000Z');
    // 1W never leaves the month: 2027-05-01 is a Saturday, so Monday the 3rd.
    expect(times('cron(0 0 1W * ? *)', 160)).toContain('2027-05-03T00:00:00.000Z');
  });

  it('6L is the last Friday; 3#2 the second Tuesday; L alone in day-of-week is Saturday', () => {
    expect(times('cron(0 0 ? * 6L *)', 40)).toEqual(['2026-12-25T00:00:00.000Z']);
    expect(times('cron(0 0 ? * 3#2 *)', 40)).toEqual(['2026-12-08T00:00:00.000Z']);
    expect(times('cron(0 0 ? * L *)', 7)).toEqual(['2026-12-05T00:00:00.000Z']);
  });

  it('ranges wrap (FRI-MON) and steps count from their start (5/20)', () => {
    const days = times('cron(0 0 ? * FRI-MON *)', 7).map((t) => new Date(t).getUTCDay());
    expect(days).toEqual([1, 5, 6, 0]);
    expect(times('cron(5/20 13 ? * * *)', 1)).toEqual([
      '2026-11-29T13:05:00.000Z',
      '2026-11-29T13:25:00.000Z',
      '2026-11-29T13:45:00.000Z',
    ]);
  });

  it('timingProblem names a bad time zone', () => {
    expect(timingProblem({ timezone: 'Europe/Nowhere' })).toMatch(/unknown time zone/);
    expect(timingProblem({ schedule: 'cron(0 5 ? * * *)', timezone: 'Europe/London' })).toBeUndefined();
  });
});

describe('time zones', () => {
  it('Europe/London: 01:30 does not exist on the spring-forward day, and runs once in the autumn', () => {
    const spring = times('cron(30 1 ? * * *)', 3, 'Europe/London', new Date('2027-03-27T00:00:00Z'));
    expect(spring).toEqual(['2027-03-27T01:30:00.000Z', '2027-03-29T00:30:00.000Z']);
    const autumn = times('cron(30 1 ? * * *)', 2, 'Europe/London', new Date('2027-10-30T12:00:00Z'));
    expect(autumn).toEqual(['2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z']);
  });

  it('America/New_York offsets follow DST', () => {
    const z = Zone.of('America/New_York', nowMin, nowMin + 400 * 1440);
    expect(z.offsetAt(Date.parse('2027-01-15T12:00:00Z') / MIN)).toBe(-300);
    expect(z.offsetAt(Date.parse('2027-07-15T12:00:00Z') / MIN)).toBe(-240);
  });
});

describe('worst-case gap', () => {
  it('is the longest interval plus the start window', () => {
    const g = worstGap([{ schedule: 'cron(0 */12 ? * MON-FRI *)', startWindowMinutes: 60 }], NOW);
    expect(g.maxIntervalMinutes).toBe(60 * 60);
    expect(g.worstGapMinutes).toBe(60 * 60 + 60);
    expect(new Date(g.from ?? '').getUTCDay()).toBe(5); // Friday 12:00
  });

  it('defaults to cron(0 5 ? * * *) and an 8-hour start window', () => {
    expect(worstGap([{}], NOW).worstGapMinutes).toBe(1440 + DEFAULT_START_WINDOW_MINUTES);
  });

  it('sees leap days: 29 February comes every four years', () => {
    const g = worstGap([{ schedule: 'cron(0 0 29 2 ? *)', startWindowMinutes: 0 }], NOW);
    expect(g.maxIntervalMinutes).toBe(1461 * 1440);
  });

  it('is unbounded when the years run out', () => {
    expect(worstGap([{ schedule: 'cron(0 0 * * ? 2027)' }], NOW).unbounded).toBe('stopsRunning');
    expect(worstGap([{ schedule: 'cron(0 0 * * ? 2100)' }], NOW).unbounded).toBe('neverRuns');
  });

  it("uses each rule's own window: a later, tighter rule can bound the gap", () => {
    // 00:00 with an 8h window alone: 24h + 8h. With 01:00 and no window added, a backup is certain at
    // 01:00 every day, so the worst gap is 24h.
    expect(
      worstGap([{ schedule: 'cron(0 0 ? * * *)', startWindowMinutes: 480 }], NOW, 30).worstGapMinutes,
    ).toBe(1920);
    const g = worstGap(
      [
        { schedule: 'cron(0 0 ? * * *)', startWindowMinutes: 480 },
        { schedule: 'cron(0 1 ? * * *)', startWindowMinutes: 0 },
      ],
      NOW,
      30,
    );
    expect(g.worstGapMinutes).toBe(1440);
  });

  it('is fast for an hourly rule over the 28-year horizon in a DST zone', () => {
    const t = performance.now();
    worstGap([{ schedule: 'cron(0 * ? * * *)', timezone: 'Europe/Berlin', startWindowMinutes: 60 }], NOW);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

// ---- properties --------------------------------------------------------------------------------------

const distinct = (a: fc.Arbitrary<number>, max: number) =>
  fc.uniqueArray(a, { minLength: 1, maxLength: max }).map((v) => v.sort((x, y) => x - y));
const simpleCron = fc.record({
  minutes: distinct(fc.integer({ min: 0, max: 59 }), 3),
  hours: distinct(fc.integer({ min: 0, max: 23 }), 4),
  days: fc.oneof(
    fc.record({ dom: distinct(fc.integer({ min: 1, max: 31 }), 3) }),
    fc.record({ dow: distinct(fc.integer({ min: 1, max: 7 }), 3) }),
  ),
  months: fc.option(distinct(fc.integer({ min: 1, max: 12 }), 4), { nil: undefined }),
});
type Simple = typeof simpleCron extends fc.Arbitrary<infer T> ? T : never;

const render = (c: Simple) =>
  `cron(${c.minutes.join(',')} ${c.hours.join(',')} ${'dom' in c.days ? c.days.dom.join(',') : '?'} ${c.months?.join(',') ?? '*'} ${'dow' in c.days ? c.days.dow.join(',') : '?'} *)`;

/** Every minute of the horizon, checked field by field: the slow, obvious answer. */
function bruteForce(c: Simple, fromMin: number, days: number): { maxInterval: number; count: number } {
  let prev: number | undefined;
  let maxInterval = 0;
  let count = 0;
  for (let m = fromMin; m < fromMin + days * 1440; m++) {
    const d = new Date(m * MIN);
    const dayOk =
      'dom' in c.days ? c.days.dom.includes(d.getUTCDate()) : c.days.dow.includes(d.getUTCDay() + 1);
    if (
      c.minutes.includes(d.getUTCMinutes()) &&
      c.hours.includes(d.getUTCHours()) &&
      dayOk &&
      (!c.months || c.months.includes(d.getUTCMonth() + 1))
    ) {
      if (prev !== undefined) maxInterval = Math.max(maxInterval, m - prev);
      prev = m;
      count++;
    }
  }
  return { maxInterval, count };
}

describe('schedule properties', () => {
  it('gaps agree with brute-force minute enumeration on random simple crons', () => {
    fc.assert(
      fc.property(
        simpleCron,
        fc.integer({ min: 0, max: 180 }),
        fc.integer({ min: 0, max: 600 }),
        (c, w, offsetDays) => {
          const from = new Date(NOW.getTime() + offsetDays * 1440 * MIN);
          const days = 45;
          const g = worstGap([{ schedule: render(c), startWindowMinutes: w }], from, days);
          const b = bruteForce(c, from.getTime() / MIN, days);
          expect(g.occurrences).toBe(b.count);
          if (b.count < 2) expect(g.worstGapMinutes).toBe(Number.POSITIVE_INFINITY);
          else {
            expect(g.maxIntervalMinutes).toBe(b.maxInterval);
            expect(g.worstGapMinutes).toBe(b.maxInterval + w);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rate(n unit) gives an interval of n units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom(['minute', 1], ['hour', 60], ['day', 1440]),
        fc.integer({ min: 0, max: 1000 }),
        (n, [unit, per], w) => {
          const g = worstGap(
            [{ schedule: `rate(${n} ${unit}${n === 1 ? '' : 's'})`, startWindowMinutes: w }],
            NOW,
          );
          expect(g.maxIntervalMinutes).toBe(n * (per as number));
          expect(g.worstGapMinutes).toBe(n * (per as number) + w);
        },
      ),
    );
  });

  it('adding a rule never widens the worst gap (of a rule that runs every day)', () => {
    // Over a finite horizon only a rule whose gaps all show inside it can be compared: one running daily.
    const daily = simpleCron.map(
      (c): Simple => ({ ...c, days: { dow: [1, 2, 3, 4, 5, 6, 7] }, months: undefined }),
    );
    fc.assert(
      fc.property(daily, simpleCron, fc.integer({ min: 0, max: 600 }), (a, b, w) => {
        const ra = { schedule: render(a), startWindowMinutes: w };
        const rb = { schedule: render(b), startWindowMinutes: w };
        const alone = worstGap([ra], NOW, 60).worstGapMinutes;
        expect(worstGap([ra, rb], NOW, 60).worstGapMinutes).toBeLessThanOrEqual(alone);
      }),
      { numRuns: 40 },
    );
  });

  it('a zone without DST only shifts the times, never the gaps', () => {
    fc.assert(
      fc.property(simpleCron, (c) => {
        const utc = worstGap([{ schedule: render(c), startWindowMinutes: 0 }], NOW, 60);
        const ist = worstGap(
          [{ schedule: render(c), timezone: 'Asia/Kolkata', startWindowMinutes: 0 }],
          NOW,
          60,
        );
        if (utc.occurrences >= 2 && ist.occurrences >= 2 && utc.occurrences === ist.occurrences) {
          expect(ist.maxIntervalMinutes).toBe(utc.maxIntervalMinutes);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('schedule fuzzing', () => {
  // Expressions come from the estate (any string AWS Backup returns, or a corrupted snapshot): the parser
  // either accepts one or throws ScheduleError (a finding's message), and an accepted one always yields a
  // gap — never another exception, never a hang.
  // Mostly well-formed fields (so that many parse and reach the gap maths), sometimes out of range or junk.
  const pick = (good: string[], bad: string[]) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...good), weight: 12 },
      { arbitrary: fc.constantFrom(...bad), weight: 1 },
      { arbitrary: fc.string({ maxLength: 3 }), weight: 1 },
    );
  const dom = pick(['1', 'L', 'LW', '15W', '1,15', '*/10', '28-31'], ['32', '0', 'W', '5L']);
  const dow = pick(['MON-FRI', '6L', '3#2', 'FRI-MON', 'SUN', '1,4'], ['8', '2#6', 'MON/2', '#']);
  const days = fc.oneof(
    { arbitrary: fc.tuple(dom, fc.constant('?')), weight: 4 },
    { arbitrary: fc.tuple(fc.constant('?'), dow), weight: 4 },
    { arbitrary: fc.tuple(fc.constantFrom('*', '?'), fc.constantFrom('*', '?')), weight: 1 },
  );
  const cronish = fc
    .tuple(
      pick(['0', '15', '*/15', '0/5', '5,35', '0-59/20'], ['60', '-1', '*/0']),
      pick(['3', '*', '8-17', '*/12', '0,12', '23'], ['24', '25-3']),
      days,
      pick(['*', 'JAN,JUL', '*/2', '2', 'FEB-MAR', '12'], ['13', '0']),
      pick(['*', '2027-2030', '2026', '2026-2099'], ['1969', '2030-2020']),
      fc.oneof({ arbitrary: fc.constant(6), weight: 8 }, { arbitrary: fc.constantFrom(5, 7), weight: 1 }),
    )
    .map(([mi, h, [dm, dw], mo, y, n]) => `cron(${[mi, h, dm, mo, dw, y, '*'].slice(0, n).join(' ')})`);
  const rateish = fc
    .tuple(
      fc.integer({ min: -2, max: 100_000 }),
      fc.constantFrom('minute', 'minutes', 'hour', 'days', 'week'),
    )
    .map(([n, u]) => `rate(${n} ${u})`);
  const expression = fc.oneof(cronish, rateish, fc.string({ maxLength: 40 }));

  it('parses or throws ScheduleError; what parses has a gap, worked out without any other error', () => {
    fc.assert(
      fc.property(
        expression,
        fc.option(fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata'), { nil: undefined }),
        (expr, tz) => {
          let parsed = false;
          try {
            parseSchedule(expr);
            parsed = true;
          } catch (e) {
            expect(e).toBeInstanceOf(ScheduleError);
          }
          expect(timingProblem({ schedule: expr }) === undefined).toBe(parsed);
          if (!parsed) return;
          const g = worstGap(
            [{ schedule: expr, startWindowMinutes: 60, ...(tz ? { timezone: tz } : {}) }],
            NOW,
            40,
          );
          expect(g.worstGapMinutes).toBeGreaterThanOrEqual(60);
          expect(g.worstGapMinutes).toBeGreaterThanOrEqual(g.maxIntervalMinutes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
