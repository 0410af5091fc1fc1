import { z } from 'zod';

/** An instant with its offset, e.g. `2026-03-02T07:30:00Z`. */
export const IsoTime = z.iso.datetime({ offset: true });

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();

/** An instant, or a date: a whole local day in the configured time zone (as `from`, its start; as `to`, its end). */
export const TimeOrDate = z.union([IsoTime, IsoDate]);
