import { describe, expect, it } from 'vitest';
import { arnAccount, arnRegion, arnResourceName, principalAccount } from './arn.js';
import { formatMinutes } from './duration.js';
import {
  announcedSpans,
  formatSpan,
  overlaps,
  parseDailyWindow,
  parseWeeklyWindow,
  within,
} from './windows.js';

describe('RDS windows', () => {
  it('parses weekly windows, wrapping the week', () => {
    expect(parseWeeklyWindow('sun:03:00-sun:03:30')).toEqual({ start: 180, length: 30 });
    expect(parseWeeklyWindow('sat:23:30-sun:00:30')).toEqual({ start: 6 * 1440 + 1410, length: 60 });
    expect(parseWeeklyWindow('Mon:01:00-Mon:01:30')).toEqual({ start: 1440 + 60, length: 30 });
    for (const bad of ['sun:3:00-sun:03:30', 'xyz:03:00-sun:03:30', 'sun:03:00', 'sun:03:00-sun:03:00']) {
      expect(parseWeeklyWindow(bad), bad).toBeUndefined();
    }
  });

  it('parses daily windows into seven spans, wrapping midnight', () => {
    const spans = parseDailyWindow('23:30-00:30');
    expect(spans).toHaveLength(7);
    expect(spans?.[0]).toEqual({ start: 1410, length: 60 });
    expect(parseDailyWindow('2:00-02:30')).toBeUndefined();
  });

  it('judges containment and overlap on the week circle, half-open', () => {
    const [sunEarly] = announcedSpans(['sun'], '01:00', '05:00');
    expect(sunEarly && within({ start: 180, length: 30 }, sunEarly)).toBe(true);
    expect(sunEarly && within({ start: 285, length: 30 }, sunEarly)).toBe(false);
    const overnight = announcedSpans(['sat'], '23:00', '03:00');
    expect(
      overnight.some((a) => within(parseWeeklyWindow('sat:23:30-sun:00:30') ?? { start: 0, length: 0 }, a)),
    ).toBe(true);
    expect(overlaps({ start: 180, length: 30 }, { start: 150, length: 30 })).toBe(false);
    expect(overlaps({ start: 180, length: 30 }, { start: 150, length: 31 })).toBe(true);
    expect(overlaps({ start: 10070, length: 20 }, { start: 0, length: 30 })).toBe(true);
  });

  it('merges announced days that touch, across the end of the week', () => {
    const spans = announcedSpans(['sat', 'sun'], '00:00', '00:00');
    expect(spans).toHaveLength(1);
    expect(spans.map(formatSpan)).toEqual(['sat:00:00-mon:00:00']);
    const win = parseWeeklyWindow('sat:23:30-sun:00:30');
    expect(win && spans.some((a) => within(win, a))).toBe(true);
  });
});

describe('ARNs and durations', () => {
  it('reads regions, accounts and names', () => {
    const vault = 'arn:aws:backup:us-east-1:111111111111:backup-vault:dr';
    expect(arnRegion(vault)).toBe('us-east-1');
    expect(arnAccount(vault)).toBe('111111111111');
    expect(arnResourceName(vault)).toBe('dr');
    expect(arnRegion('arn:aws:iam::111111111111:role/x')).toBeUndefined();
    expect(arnRegion('not-an-arn')).toBeUndefined();
    expect(principalAccount('arn:aws:iam::222222222222:root')).toBe('222222222222');
    expect(principalAccount('222222222222')).toBe('222222222222');
    expect(principalAccount('AIDAEXAMPLE')).toBeUndefined();
  });
  it('formats minutes', () => {
    expect(formatMinutes(0)).toBe('0m');
    expect(formatMinutes(3660)).toBe('2d 13h');
    expect(formatMinutes(145)).toBe('2h 25m');
    expect(formatMinutes(Number.POSITIVE_INFINITY)).toBe('never');
  });
});
