import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { minutesBetween, parseTime } from './duration.js';

/** Both NaN, or the same number. */
const same = (a: number, b: number) => (Number.isNaN(a) ? Number.isNaN(b) : a === b);

describe('parseTime reads exactly what Date.parse reads', () => {
  it.each([
    '2026-11-29T12:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2026-02-29T00:00:00.000Z', // no such day: rolls over, as Date.parse does
    '2026-02-31T10:00:00.000Z',
    '2026-04-31T10:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999Z',
    '2026-13-01T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-01-00T00:00:00.000Z',
    '2026-12-01T24:00:00.000Z', // 24:00 is midnight at the end of the day, left to Date.parse
    '2026-12-01T24:00:00.001Z',
    '2026-12-01T23:60:00.000Z',
    '2026-12-01T23:59:60.000Z',
    '2026-12-01T23:59:59.000+01:00',
    '2026-12-01T23:59:59Z',
    '2026-12-01',
    '2026-1a-01T00:00:00.000Z',
    ' 2026-12-01T00:00:00.000Z',
    '',
    'not a date',
  ])('%j', (text) => {
    expect(same(parseTime(text), Date.parse(text))).toBe(true);
  });

  it('for any instant written by toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseTime(text)).toBe(ms);
        expect(parseTime(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('for any digits in that form, valid or not', () => {
    const d = fc.constantFrom(...'0123456789');
    const form = fc
      .array(d, { minLength: 17, maxLength: 17 })
      .map(
        (x) =>
          `${x.slice(0, 4).join('')}-${x.slice(4, 6).join('')}-${x.slice(6, 8).join('')}T` +
          `${x.slice(8, 10).join('')}:${x.slice(10, 12).join('')}:${x.slice(12, 14).join('')}.` +
          `${x.slice(14, 17).join('')}Z`,
      );
    fc.assert(
      fc.property(form, (text) => {
        expect(same(parseTime(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('for any text of that length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 24, maxLength: 24 }), (text) => {
        expect(same(parseTime(text), Date.parse(text))).toBe(true);
      }),
    );
  });

  it('reads the toISOString form itself, and hands any other text to Date.parse', () => {
    const parse = vi.spyOn(Date, 'parse');
    try {
      expect(parseTime('2026-11-29T12:00:00.000Z')).toBe(Date.UTC(2026, 10, 29, 12));
      expect(parse).not.toHaveBeenCalled();
      parseTime('2026-11-29T12:00:00Z');
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('minutesBetween goes through it', () => {
    expect(minutesBetween('2026-02-31T00:00:00.000Z', '2026-03-03T00:01:00.000Z')).toBe(1);
    expect(minutesBetween('2026-11-29T12:00:00.000Z', new Date('2026-11-29T11:00:00.000Z'))).toBe(-60);
    expect(minutesBetween('2026-13-01T00:00:00.000Z', '2026-11-29T12:00:00.000Z')).toBeUndefined();
  });
});
