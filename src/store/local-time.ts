import type { ShiftConfig } from './options.ts';

export interface LocalTime {
  day: string;
  week: string;
  shift: string | null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `minute` of the day falls in [from, to), wrapping past midnight when from > to. */
function inShift(minute: number, from: string, to: string): boolean {
  const f = minutesOf(from);
  const t = minutesOf(to);
  if (f === t) return true;
  return f < t ? minute >= f && minute < t : minute >= f || minute < t;
}

/** ISO-8601 week (`2026-W05`) of a calendar date. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

const wallClockAsUtc = (instant: number, timezone: string) => {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
};

/** The instant a local day (`YYYY-MM-DD`, `offsetDays` later) begins in `timezone`, as UTC ISO. */
export function startOfLocalDay(day: string, timezone: string, offsetDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(year, month - 1, date + offsetDays);
  let instant = midnight;
  // twice: the offset at the first guess may differ from the offset at local midnight (a DST change that day)
  for (let i = 0; i < 2; i++) instant = midnight - (wallClockAsUtc(instant, timezone) - instant);
  return new Date(instant).toISOString();
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A range bound as a UTC instant: an instant as it is; a date as the start of that local day (`from`) or of
 * the day after (`to`, so the day is included).
 */
export function boundary(time: string, timezone: string, side: 'from' | 'to'): string {
  return DATE_ONLY.test(time) ? startOfLocalDay(time, timezone, side === 'to' ? 1 : 0) : new Date(time).toISOString();
}

/** The local day, ISO week and shift of an instant, in the configured time zone. */
export function localTime(instant: Date, config: ShiftConfig): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(config.timezone).formatToParts(instant)) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  const shift = config.shifts.find((s) => inShift(minute, s.from, s.to))?.name ?? null;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    week: isoWeek(year, month, day),
    shift,
  };
}
