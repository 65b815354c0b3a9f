// RDS maintenance and backup windows as spans of the UTC week. A maintenance window is
// `ddd:hh:mm-ddd:hh:mm` and may wrap the week (sat:23:00-sun:01:00); a backup window is a daily
// `hh:mm-hh:mm` and may wrap midnight (23:30-00:30). Both are UTC (RDS API: PreferredMaintenanceWindow,
// PreferredBackupWindow). Spans are half-open, so touching windows do not overlap.
import { deepFreeze } from '../util/freeze.js';
import { DAY_MINUTES, parseClock, WEEK_MINUTES } from './duration.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes into the UTC week (0 = Sunday 00:00) and a length in minutes. */
export interface Span {
  start: number;
  length: number;
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

function weekMinute(text: string): number | undefined {
  const day = WEEKDAYS.indexOf(text.slice(0, 3).toLowerCase() as Weekday);
  const clock = parseClock(text.slice(4));
  return day < 0 || text[3] !== ':' || clock === undefined ? undefined : day * DAY_MINUTES + clock;
}

/**
 * The same few window texts recur across thousands of databases: each is parsed once. The cache is
 * bounded, and what it hands out is frozen, as callers only read it.
 */
function cached<T>(parse: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (memo.has(text)) return memo.get(text) as T;
    const value = parse(text);
    if (memo.size >= 10_000) memo.clear();
    memo.set(text, deepFreeze(value));
    return value;
  };
}

export const parseWeeklyWindow: (text: string) => Readonly<Span> | undefined = cached(weeklyWindow);
/** A daily `hh:mm-hh:mm` as its seven spans of the week. */
export const parseDailyWindow: (text: string) => readonly Readonly<Span>[] | undefined = cached(dailyWindow);

function weeklyWindow(text: string): Span | undefined {
  const [a, b, extra] = text.split('-');
  const start = a === undefined ? undefined : weekMinute(a);
  const end = b === undefined ? undefined : weekMinute(b);
  if (extra !== undefined || start === undefined || end === undefined || start === end) return undefined;
  return { start, length: mod(end - start, WEEK_MINUTES) };
}

function dailyWindow(text: string): Span[] | undefined {
  const [a, b, extra] = text.split('-');
  const start = a === undefined ? undefined : parseClock(a);
  const end = b === undefined ? undefined : parseClock(b);
  if (extra !== undefined || start === undefined || end === undefined || start === end) return undefined;
  return dailySpans(start, mod(end - start, DAY_MINUTES));
}

export function dailySpans(
  start: number,
  length: number,
  days: readonly number[] = [0, 1, 2, 3, 4, 5, 6],
): Span[] {
  return days.map((d) => ({ start: d * DAY_MINUTES + start, length }));
}

/** Announced window: on each given day from `from` to `to` (UTC); `to` ≤ `from` runs into the next day. */
export function announcedSpans(days: readonly Weekday[], from: string, to: string): Span[] {
  const start = parseClock(from) ?? 0;
  const length = mod((parseClock(to) ?? 0) - start, DAY_MINUTES) || DAY_MINUTES;
  return merge(
    dailySpans(
      start,
      length,
      days.map((d) => WEEKDAYS.indexOf(d)),
    ),
  );
}

/** Joins spans that touch or overlap, across the end of the week too. */
export function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.start + last.length) {
      last.length = Math.max(last.length, s.start + s.length - last.start);
    } else out.push({ ...s });
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && last.start + last.length >= first.start + WEEK_MINUTES) {
    last.length = Math.max(last.length, first.start + WEEK_MINUTES + first.length - last.start);
    out.shift();
  }
  return out.map((s) => ({ start: s.start, length: Math.min(s.length, WEEK_MINUTES) }));
}

export function within(inner: Span, outer: Span): boolean {
  return mod(inner.start - outer.start, WEEK_MINUTES) + inner.length <= outer.length;
}

export function overlaps(a: Span, b: Span): boolean {
  return mod(b.start - a.start, WEEK_MINUTES) < a.length || mod(a.start - b.start, WEEK_MINUTES) < b.length;
}

function weekClock(m: number): string {
  const w = mod(m, WEEK_MINUTES);
  const clock = w % DAY_MINUTES;
  const hh = String(Math.floor(clock / 60)).padStart(2, '0');
  return `${WEEKDAYS[Math.floor(w / DAY_MINUTES)]}:${hh}:${String(clock % 60).padStart(2, '0')}`;
}

export function formatSpan(s: Span): string {
  return `${weekClock(s.start)}-${weekClock(s.start + s.length)}`;
}
