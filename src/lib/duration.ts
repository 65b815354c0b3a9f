// Durations, once: minutes and days between instants, and a short human form for messages.
export const MINUTE_MS = 60_000;
export const HOUR_MINUTES = 60;
export const DAY_MINUTES = 1440;
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** Whole minutes from `from` to `to` (negative when `to` is earlier); undefined for an unparseable date. */
export function minutesBetween(from: string | Date, to: string | Date): number | undefined {
  const a = typeof from === 'string' ? Date.parse(from) : from.getTime();
  const b = typeof to === 'string' ? Date.parse(to) : to.getTime();
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
