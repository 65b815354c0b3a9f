// Durations, once: minutes and days between instants, and a short human form for messages.
export const MINUTE_MS = 60_000;
export const HOUR_MINUTES = 60;
export const DAY_MINUTES = 1440;
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** The digits of `s` from `at` as a number; -1 if any is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Epoch milliseconds of a date-time text, exactly as `Date.parse` reads it. The form every AWS date in a
 * snapshot has (`2026-11-29T12:00:00.000Z`, what `toISOString` writes) is read directly, two to three
 * times faster (a snapshot holds tens of thousands of them); anything else goes to `Date.parse`. Day 29
 * to 31 of a shorter month rolls over into the next, as `Date.parse` does.
 */
export function parseTime(text: string): number {
  if (
    text.length === 24 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46 && // .
    text.charCodeAt(23) === 90 // Z
  ) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 2);
    const d = digits(text, 8, 2);
    const h = digits(text, 11, 2);
    const mi = digits(text, 14, 2);
    const sec = digits(text, 17, 2);
    const ms = digits(text, 20, 3);
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59)
      if (sec >= 0 && sec <= 59 && ms >= 0)
        return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * MINUTE_MS + sec * 1000 + ms;
  }
  return Date.parse(text);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Whole minutes from `from` to `to` (negative when `to` is earlier); undefined for an unparseable date. */
export function minutesBetween(from: string | Date, to: string | Date): number | undefined {
  const a = typeof from === 'string' ? parseTime(from) : from.getTime();
  const b = typeof to === 'string' ? parseTime(to) : to.getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.floor((b - a) / MINUTE_MS);
}

/** Days (fractional) from `from` to `to`. */
export function daysBetween(from: string | Date, to: string | Date): number | undefined {
  const m = minutesBetween(from, to);
  return m === undefined ? undefined : m / DAY_MINUTES;
}

/** `2d 4h 5m`, `45m`, `0m`; `never` for Infinity. */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes)) return 'never';
  const sign = minutes < 0 ? '-' : '';
  let m = Math.round(Math.abs(minutes));
  const d = Math.floor(m / DAY_MINUTES);
  m -= d * DAY_MINUTES;
  const h = Math.floor(m / HOUR_MINUTES);
  m -= h * HOUR_MINUTES;
  const parts = [d && `${d}d`, h && `${h}h`, m && `${m}m`].filter(Boolean);
  return sign + (parts.join(' ') || '0m');
}

/** `hh:mm` → minutes after midnight; undefined unless 00:00–23:59. */
export function parseClock(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * HOUR_MINUTES + Number(m[2]) : undefined;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
