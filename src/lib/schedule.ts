// Schedule maths for AWS Backup rules: AWS cron and rate expressions, evaluated in the rule's time zone,
// and the worst-case gap between backups once the start window is counted.
//
// Sources relied on:
// - EventBridge "Cron expressions reference" (docs.aws.amazon.com/eventbridge/latest/userguide/
//   eb-cron-expressions.html): six fields `min hour day-of-month month day-of-week year`; wildcards
//   `, - * /` everywhere, `? L W` in day-of-month, `? L #` in day-of-week (no `/` there); day-of-week 1-7 =
//   SUN-SAT; `*` in one day field needs `?` in the other; `L` = last day of the month (day-of-month) or of
//   the week (day-of-week); `3W` = weekday closest to the 3rd; `3#2` = second Tuesday; years 1970-2199.
//   `nW` stays inside its month and `nL` is the last n-day of the month, as in Quartz, whose syntax AWS's is.
// - Rate: `rate(value unit)`, unit minute|minutes|hour|hours|day|days, singular only for 1 (same page).
// - AWS Backup API (BackupRule): no ScheduleExpression means `cron(0 5 ? * * *)`; StartWindowMinutes
//   defaults to 8 hours (StartBackupJob) — the console's "Start within" default too (creating-a-backup-plan);
//   ScheduleExpressionTimezone defaults to UTC.
// - EventBridge Scheduler DST rule (repost.aws knowledge-center/eventbridge-scheduler-adjust-dst): a local
//   time skipped by spring-forward does not run; a repeated fall-back time runs once (we take the first).
import { DAY_MINUTES, iso, MINUTE_MS } from './duration.js';

export class ScheduleError extends Error {
  readonly code = 'SCHEDULE_INVALID';
}

type DomItem = { k: 'last' } | { k: 'lastWeekday' } | { k: 'weekday'; day: number };
type DowItem = { k: 'lastOf'; dow: number } | { k: 'nth'; dow: number; n: number };

export interface Cron {
  minutes: number[];
  hours: number[];
  /** Bit d set: day-of-month d; undefined when the field is `?`. */
  domMask?: number;
  domSpecial: DomItem[];
  monthMask: number;
  /** Bit d set: day-of-week d (1 = SUN); undefined when the field is `?`. */
  dowMask?: number;
  dowSpecial: DowItem[];
  /** Allowed years, or undefined for every year. */
  years?: Set<number>;
}

export type Schedule =
  | { kind: 'cron'; expression: string; cron: Cron }
  | { kind: 'rate'; expression: string; minutes: number };

export const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';
export const DEFAULT_START_WINDOW_MINUTES = 480;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  cyclic: boolean;
}
const F = {
  minute: { name: 'minutes', min: 0, max: 59, cyclic: true },
  hour: { name: 'hours', min: 0, max: 23, cyclic: true },
  dom: { name: 'day-of-month', min: 1, max: 31, cyclic: true },
  month: { name: 'month', min: 1, max: 12, names: MONTHS, cyclic: true },
  dow: { name: 'day-of-week', min: 1, max: 7, names: DAYS, cyclic: true },
  year: { name: 'year', min: 1970, max: 2199, cyclic: false },
} satisfies Record<string, FieldSpec>;

function value(f: FieldSpec, text: string): number {
  const upper = text.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  const v = named >= 0 ? named + f.min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(v) || v < f.min || v > f.max) {
    throw new ScheduleError(`${f.name}: "${text}" is not in ${f.min}-${f.max}`);
  }
  return v;
}

/** `*`, `a`, `a-b`, with an optional `/step`; ranges may wrap in cyclic fields (FRI-MON). */
function values(f: FieldSpec, item: string, allowStep: boolean): number[] {
  const [range, stepText, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '') {
    throw new ScheduleError(`${f.name}: "${item}" is malformed`);
  }
  if (stepText !== undefined && !allowStep) throw new ScheduleError(`${f.name}: "/" is not allowed`);
  const step = stepText === undefined ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1 || !/^\d+$/.test(stepText ?? '1')) {
    throw new ScheduleError(`${f.name}: step "${stepText}" must be a positive integer`);
  }
  let lo: number;
  let hi: number;
  if (range === '*') {
    lo = f.min;
    hi = f.max;
  } else {
    const dash = range.indexOf('-');
    lo = value(f, dash < 0 ? range : range.slice(0, dash));
    hi = dash < 0 ? (stepText === undefined ? lo : f.max) : value(f, range.slice(dash + 1));
  }
  if (hi < lo && !f.cyclic) throw new ScheduleError(`${f.name}: range "${range}" runs backwards`);
  const span = hi >= lo ? hi - lo : hi - lo + (f.max - f.min + 1);
  const out: number[] = [];
  for (let i = 0; i <= span; i += step) out.push(((lo - f.min + i) % (f.max - f.min + 1)) + f.min);
  return out;
}

function mask(vs: number[]): number {
  let m = 0;
  for (const v of vs) m |= 1 << v;
  return m;
}

function list(f: FieldSpec, text: string, allowStep = true): number[] {
  if (text.includes('?')) throw new ScheduleError(`${f.name}: "?" is only allowed in the day fields`);
  const out = text.split(',').flatMap((item) => values(f, item, allowStep));
  return [...new Set(out)].sort((a, b) => a - b);
}

function parseDom(text: string): { mask: number; special: DomItem[] } {
  let m = 0;
  const special: DomItem[] = [];
  for (const item of text.split(',')) {
    const upper = item.toUpperCase();
    if (upper === 'L') special.push({ k: 'last' });
    else if (upper === 'LW') special.push({ k: 'lastWeekday' });
    else if (/^\d+W$/.test(upper)) special.push({ k: 'weekday', day: value(F.dom, upper.slice(0, -1)) });
    else m |= mask(values(F.dom, item, true));
  }
  return { mask: m, special };
}

function parseDow(text: string): { mask: number; special: DowItem[] } {
  let m = 0;
  const special: DowItem[] = [];
  for (const item of text.split(',')) {
    const upper = item.toUpperCase();
    const nth = /^(\w+)#(\d+)$/.exec(upper);
    if (upper === 'L') m |= 1 << 7;
    else if (/^\w+L$/.test(upper)) special.push({ k: 'lastOf', dow: value(F.dow, upper.slice(0, -1)) });
    else if (nth) {
      const n = Number(nth[2]);
      if (n < 1 || n > 5) throw new ScheduleError(`day-of-week: "#${nth[2]}" must be 1-5`);
      special.push({ k: 'nth', dow: value(F.dow, nth[1] as string), n });
    } else m |= mask(values(F.dow, item, false));
  }
  return { mask: m, special };
}

function parseCron(body: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new ScheduleError(`cron needs 6 fields, got ${fields.length}`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleError('exactly one of day-of-month and day-of-week must be "?"');
  }
  const d = dom === '?' ? undefined : parseDom(dom);
  const w = dow === '?' ? undefined : parseDow(dow);
  return {
    minutes: list(F.minute, min),
    hours: list(F.hour, hour),
    ...(d ? { domMask: d.mask } : {}),
    domSpecial: d?.special ?? [],
    monthMask: mask(list(F.month, month)),
    ...(w ? { dowMask: w.mask } : {}),
    dowSpecial: w?.special ?? [],
    ...(year === '*' ? {} : { years: new Set(list(F.year, year)) }),
  };
}

export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  const cron = /^cron\((.*)\)$/s.exec(text);
  if (cron) return { kind: 'cron', expression: text, cron: parseCron(cron[1] as string) };
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(text);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2] as string;
    if (n < 1) throw new ScheduleError('rate value must be positive');
    if ((n === 1) !== !unit.endsWith('s')) {
      throw new ScheduleError(`rate(${n} ${unit}): use the singular unit for 1 and the plural otherwise`);
    }
    const per = unit.startsWith('minute') ? 1 : unit.startsWith('hour') ? 60 : DAY_MINUTES;
    return { kind: 'rate', expression: text, minutes: n * per };
  }
  throw new ScheduleError(`"${expression}" is neither cron(...) nor rate(...)`);
}

// ---- calendar -------------------------------------------------------------------------------------------

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
/** 1 = Sunday … 7 = Saturday, for the day `dayNum` days after 1970-01-01 (a Thursday). */
const weekday = (dayNum: number) => ((((dayNum + 4) % 7) + 7) % 7) + 1;

function nearestWeekday(day: number, dowOfDay: number, dim: number): number {
  if (day > dim) return -1;
  if (dowOfDay === 7) return day === 1 ? 3 : day - 1;
  if (dowOfDay === 1) return day === dim ? day - 2 : day + 1;
  return day;
}

/** Does the cron's day part match this date (dow of the date, dim = days in its month)? */
export function cronDayMatches(c: Cron, y: number, m: number, d: number, dow: number): boolean {
  if (!(c.monthMask & (1 << m))) return false;
  if (c.years && !c.years.has(y)) return false;
  const dim = daysInMonth(y, m);
  if (c.domMask !== undefined) {
    if (c.domMask & (1 << d)) return true;
    for (const s of c.domSpecial) {
      if (s.k === 'last' && d === dim) return true;
      if (
        s.k === 'lastWeekday' &&
        d === nearestWeekday(dim, ((((dow - 1 + dim - d) % 7) + 7) % 7) + 1, dim)
      ) {
        return true;
      }
      if (s.k === 'weekday') {
        const dowOfN = ((((dow - 1 + s.day - d) % 7) + 7) % 7) + 1;
        if (d === nearestWeekday(s.day, dowOfN, dim)) return true;
      }
    }
    return false;
  }
  if ((c.dowMask ?? 0) & (1 << dow)) return true;
  for (const s of c.dowSpecial) {
    if (s.dow !== dow) continue;
    if (s.k === 'lastOf' && d + 7 > dim) return true;
    if (s.k === 'nth' && Math.ceil(d / 7) === s.n) return true;
  }
  return false;
}

// ---- time zones ------------------------------------------------------------------------------------------

/** A zone's UTC offsets over a span, as transitions found once with Intl; pure arithmetic afterwards. */
export class Zone {
  private readonly at: number[] = [];
  private readonly off: number[] = [];
  private constructor(
    readonly name: string,
    private readonly initial: number,
    readonly fromMin: number,
    readonly toMin: number,
  ) {}

  static readonly UTC = new Zone('UTC', 0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  private static readonly cache = new Map<string, Zone>();

  /** The zone, with its transitions known over [fromMin, toMin] (cached; rebuilt wider when asked to). */
  static of(name: string | undefined, fromMin: number, toMin: number): Zone {
    if (!name || /^(Etc\/)?(UTC|GMT|UCT|Zulu|Universal)$/i.test(name)) return Zone.UTC;
    const cached = Zone.cache.get(name);
    if (cached && cached.fromMin <= fromMin && cached.toMin >= toMin) return cached;
    const lo = Math.min(fromMin, cached?.fromMin ?? fromMin);
    const hi = Math.max(toMin, cached?.toMin ?? toMin);
    const zone = Zone.build(name, lo, hi);
    Zone.cache.set(name, zone);
    return zone;
  }

  private static build(name: string, fromMin: number, toMin: number): Zone {
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      throw new ScheduleError(`unknown time zone "${name}"`);
    }
    const offsetAt = (min: number) => {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(new Date(min * MINUTE_MS))) p[part.type] = Number(part.value);
      return Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute) / MINUTE_MS - min;
    };
    // Offsets are sampled weekly (no zone changes offset twice within a week) and each change is pinned
    // to the minute by bisection.
    const step = 7 * DAY_MINUTES;
    let prevAt = fromMin - step;
    const zone = new Zone(name, offsetAt(prevAt), fromMin, toMin);
    let prev = zone.initial;
    for (let t = prevAt + step; t <= toMin + step; t += step) {
      const o = offsetAt(t);
      if (o !== prev) {
        let lo = prevAt;
        let hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetAt(mid) === prev) lo = mid;
          else hi = mid;
        }
        zone.at.push(hi);
        zone.off.push(o);
        prev = o;
      }
      prevAt = t;
    }
    return zone;
  }

  /** Index of the last transition at or before `min` (-1: none). */
  private indexAt(min: number): number {
    const at = this.at;
    let lo = -1;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((at[mid] as number) <= min) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  offsetAt(min: number): number {
    const i = this.indexAt(min);
    return i < 0 ? this.initial : (this.off[i] as number);
  }

  /** The one offset that holds for every wall time in [wallFrom, wallTo], or undefined near a transition. */
  steadyOffset(wallFrom: number, wallTo: number): number | undefined {
    if (this.at.length === 0) return this.initial;
    const i = this.indexAt(wallFrom - 2 * DAY_MINUTES);
    return i === this.indexAt(wallTo + 2 * DAY_MINUTES)
      ? this.offsetAt(wallFrom - 2 * DAY_MINUTES)
      : undefined;
  }

  /** The instant of a local wall time (minutes); undefined when DST skips it; the first of a repeated one. */
  toInstant(wall: number): number | undefined {
    if (this.at.length === 0) return wall - this.initial;
    let best: number | undefined;
    for (const o of new Set([this.offsetAt(wall - 2 * DAY_MINUTES), this.offsetAt(wall + 2 * DAY_MINUTES)])) {
      const t = wall - o;
      if (this.offsetAt(t) === o && (best === undefined || t < best)) best = t;
    }
    return best;
  }
}

// ---- occurrences and gaps ----------------------------------------------------------------------------

/** Scheduled instants (epoch minutes, ascending) of a cron in [fromMin, toMin), in the given zone. */
export function cronOccurrences(c: Cron, zone: Zone, fromMin: number, toMin: number): number[] {
  const out: number[] = [];
  const firstDay = Math.floor((fromMin + zone.offsetAt(fromMin)) / DAY_MINUTES) - 1;
  const lastDay = Math.floor((toMin + zone.offsetAt(toMin)) / DAY_MINUTES) + 1;
  const start = new Date(firstDay * DAY_MINUTES * MINUTE_MS);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1;
  let d = start.getUTCDate();
  let dim = daysInMonth(y, m);
  for (let day = firstDay; day <= lastDay; day++) {
    if (cronDayMatches(c, y, m, d, weekday(day))) {
      const wall0 = day * DAY_MINUTES;
      const steady = zone.steadyOffset(wall0, wall0 + DAY_MINUTES);
      for (const h of c.hours) {
        for (const mi of c.minutes) {
          const wall = wall0 + h * 60 + mi;
          const t = steady === undefined ? zone.toInstant(wall) : wall - steady;
          if (t !== undefined && t >= fromMin && t < toMin) out.push(t);
        }
      }
    }
    if (++d > dim) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
      dim = daysInMonth(y, m);
    }
  }
  return out;
}

export interface RuleTiming {
  /** The rule's ScheduleExpression; undefined means AWS's default, cron(0 5 ? * * *). */
  schedule?: string;
  /** ScheduleExpressionTimezone; undefined means UTC. */
  timezone?: string;
  /** StartWindowMinutes; undefined means 480 (8 hours). */
  startWindowMinutes?: number;
}

export interface GapResult {
  /** Worst case between two backups: the longest scheduled interval plus how late the next may start. */
  worstGapMinutes: number;
  /** Longest interval between consecutive scheduled times. */
  maxIntervalMinutes: number;
  /** Where the worst gap lies: the earliest start of one backup, the latest start of the next. */
  from?: string;
  to?: string;
  /** Scheduled times seen in the horizon (cron rules). */
  occurrences: number;
  horizonDays: number;
  /** Why the gap is unbounded, if it is. */
  unbounded?: 'neverRuns' | 'stopsRunning' | 'onceInHorizon';
}

const problems = new Map<string, string | undefined>();

/** Why AWS would not accept a rule's timing (schedule or time zone), or undefined when it would. */
export function timingProblem(t: RuleTiming): string | undefined {
  const key = `${t.schedule}|${t.timezone}`;
  if (problems.has(key)) return problems.get(key);
  let problem: string | undefined;
  try {
    parseSchedule(t.schedule ?? DEFAULT_SCHEDULE);
    if (t.timezone) new Intl.DateTimeFormat('en-US', { timeZone: t.timezone });
  } catch (e) {
    problem = e instanceof RangeError ? `unknown time zone "${t.timezone}"` : (e as Error).message;
  }
  if (problems.size > 10_000) problems.clear();
  problems.set(key, problem);
  return problem;
}

/** A 28-year horizon covers the whole day-of-week/leap-year cycle of the calendar (up to 2100). */
export const DEFAULT_HORIZON_DAYS = 28 * 366;
const MAX_OCCURRENCES = 1_500_000;

/**
 * The worst-case gap between backups taken by a set of rules, over `horizonDays` from `from`.
 * A job may start anywhere in [scheduled, scheduled + startWindow]; for each scheduled time t the next
 * backup is certain by min over later times t' of (t' + window(t')), and the gap is that minus t. Rate
 * rules have no fixed phase, so each bounds the result by its own interval + window (adding backups never
 * widens a gap). Throws ScheduleError for an expression AWS would not accept.
 */
export function worstGap(
  rules: readonly RuleTiming[],
  from: Date,
  horizonDays = DEFAULT_HORIZON_DAYS,
): GapResult {
  const fromMin = Math.floor(from.getTime() / MINUTE_MS);
  let toMin = fromMin + horizonDays * DAY_MINUTES;
  let best: GapResult = {
    worstGapMinutes: Number.POSITIVE_INFINITY,
    maxIntervalMinutes: Number.POSITIVE_INFINITY,
    occurrences: 0,
    horizonDays,
  };
  const crons: { c: Cron; tz?: string; w: number }[] = [];
  for (const r of rules) {
    const s = parseSchedule(r.schedule ?? DEFAULT_SCHEDULE);
    const w = r.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES;
    if (s.kind === 'rate') {
      if (s.minutes + w < best.worstGapMinutes) {
        best = { ...best, worstGapMinutes: s.minutes + w, maxIntervalMinutes: s.minutes };
      }
    } else crons.push({ c: s.cron, ...(r.timezone ? { tz: r.timezone } : {}), w });
  }
  if (crons.length === 0) return best;
  const perDay = crons.reduce((n, { c }) => n + c.hours.length * c.minutes.length, 0);
  if (perDay * horizonDays > MAX_OCCURRENCES) {
    horizonDays = cappedHorizon(perDay);
    toMin = fromMin + horizonDays * DAY_MINUTES;
  }
  // Merge every cron's times; at a shared instant keep the smallest window (the earliest certain backup).
  let times: Float64Array = new Float64Array(0);
  let windows: Float64Array = new Float64Array(0);
  for (const { c, tz, w } of crons) {
    const own = Float64Array.from(cronOccurrences(c, Zone.of(tz, fromMin, toMin), fromMin, toMin)).sort();
    [times, windows] = merge(times, windows, own, w);
  }
  const result = gapsOf(times, windows, horizonDays);
  // A finite year field that ends inside the horizon means backups stop: the gap after the last is unbounded.
  const lastYear = new Date(toMin * MINUTE_MS).getUTCFullYear();
  const endsInHorizon = crons.every(({ c }) => c.years && Math.max(...c.years) < lastYear);
  if (times.length > 0 && endsInHorizon) {
    result.worstGapMinutes = Number.POSITIVE_INFINITY;
    result.maxIntervalMinutes = Number.POSITIVE_INFINITY;
    result.from = iso((times[times.length - 1] as number) * MINUTE_MS);
    delete result.to;
    result.unbounded = 'stopsRunning';
  }
  return best.worstGapMinutes < result.worstGapMinutes
    ? { ...best, occurrences: result.occurrences }
    : result;
}

/** The horizon worstGap shortens to when the rules' scheduled times per day would make too many. */
function cappedHorizon(perDay: number): number {
  return Math.max(800, Math.floor(MAX_OCCURRENCES / perDay));
}

/** The horizon worstGap uses for these rules (shorter than asked when they run very often). */
function horizonOf(rules: readonly RuleTiming[], horizonDays = DEFAULT_HORIZON_DAYS): number {
  let perDay = 0;
  for (const r of rules) {
    const s = parseSchedule(r.schedule ?? DEFAULT_SCHEDULE);
    if (s.kind === 'cron') perDay += s.cron.hours.length * s.cron.minutes.length;
  }
  return perDay * horizonDays > MAX_OCCURRENCES ? cappedHorizon(perDay) : horizonDays;
}

function merge(a: Float64Array, aw: Float64Array, b: Float64Array, w: number): [Float64Array, Float64Array] {
  const times = new Float64Array(a.length + b.length);
  const windows = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const ta = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const tb = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const t = Math.min(ta, tb);
    let win = Number.POSITIVE_INFINITY;
    while (i < a.length && a[i] === t) win = Math.min(win, aw[i++] as number);
    while (j < b.length && b[j] === t) {
      win = Math.min(win, w);
      j++;
    }
    times[n] = t;
    windows[n++] = win;
  }
  return [times.subarray(0, n), windows.subarray(0, n)];
}

function gapsOf(times: Float64Array, windows: Float64Array, horizonDays: number): GapResult {
  const n = times.length;
  if (n < 2) {
    return {
      worstGapMinutes: Number.POSITIVE_INFINITY,
      maxIntervalMinutes: Number.POSITIVE_INFINITY,
      occurrences: n,
      horizonDays,
      unbounded: n === 0 ? 'neverRuns' : 'onceInHorizon',
      ...(n === 1 ? { from: iso((times[0] as number) * MINUTE_MS) } : {}),
    };
  }
  let maxInterval = 0;
  let worst = -1;
  let worstAt = 0;
  let certain = Number.POSITIVE_INFINITY; // min over later times of t + window
  let certainAt = 0;
  for (let i = n - 1; i >= 1; i--) {
    const next = times[i] as number;
    const nextCertain = next + (windows[i] as number);
    if (nextCertain < certain) certain = nextCertain;
    const t = times[i - 1] as number;
    if (next - t > maxInterval) maxInterval = next - t;
    if (certain - t >= worst) {
      worst = certain - t;
      worstAt = t;
      certainAt = certain;
    }
  }
  return {
    worstGapMinutes: worst,
    maxIntervalMinutes: maxInterval,
    from: iso(worstAt * MINUTE_MS),
    to: iso(certainAt * MINUTE_MS),
    occurrences: n,
    horizonDays,
  };
}

const gapCache = new Map<string, GapResult>();

/**
 * worstGap, computed once per distinct set of timings and "now" however many resources share them. Rules
 * with the same timing take their backups at the same instants, so only distinct timings are merged
 * (twenty plans with the same daily rule are one daily rule), in any order; the horizon is still the one
 * worstGap picks for the whole list, so the result is exactly worstGap's.
 */
export function cachedWorstGap(timings: readonly RuleTiming[], from: Date): GapResult {
  const distinct = [...new Set(timings.map((t) => JSON.stringify(t)))].sort();
  const horizon = horizonOf(timings);
  const key = `${from.toISOString()}|${horizon}|${distinct.join('|')}`;
  let gap = gapCache.get(key);
  if (!gap) {
    if (gapCache.size > 1000) gapCache.clear();
    gap = worstGap(
      distinct.map((t) => JSON.parse(t) as RuleTiming),
      from,
      horizon,
    );
    gapCache.set(key, gap);
  }
  return gap;
}

/** A backup rule's timing fields as RuleTiming (absent stays absent, so AWS's defaults apply). */
export function ruleTiming(rule: {
  schedule?: string;
  scheduleTimezone?: string;
  startWindowMinutes?: number;
}): RuleTiming {
  return {
    ...(rule.schedule ? { schedule: rule.schedule } : {}),
    ...(rule.scheduleTimezone ? { timezone: rule.scheduleTimezone } : {}),
    ...(rule.startWindowMinutes !== undefined ? { startWindowMinutes: rule.startWindowMinutes } : {}),
  };
}
