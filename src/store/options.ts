import { z } from 'zod';

/** A named span of local wall-clock time; `from` > `to` wraps past midnight (e.g. 22:00–06:00). */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM between 00:00 and 23:59');
export const Shift = z.object({ name: z.string().min(1), from: ClockTime, to: ClockTime });
export type Shift = z.infer<typeof Shift>;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** Shifts, and the time zone that `day`, `week` and `shift` are computed in. */
export const ShiftConfig = z.object({
  timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/London'),
  shifts: z.array(Shift),
});
export type ShiftConfig = z.infer<typeof ShiftConfig>;

export const DEFAULT_SHIFTS: ShiftConfig = {
  timezone: 'Europe/London',
  shifts: [
    { name: 'early', from: '06:00', to: '14:00' },
    { name: 'late', from: '14:00', to: '22:00' },
    { name: 'night', from: '22:00', to: '06:00' },
  ],
};

export const StoreOptions = z.object({ shifts: ShiftConfig.default(DEFAULT_SHIFTS) });
export type StoreOptions = z.input<typeof StoreOptions>;
