import { z } from 'zod';
import { IsoTime } from './time.ts';

export const GROUP_BY = ['agent', 'team', 'channel', 'queue', 'shift', 'day', 'week'] as const;
export const GroupBy = z.enum(GROUP_BY);
export type GroupBy = z.infer<typeof GroupBy>;

export const MetricsQuery = z.object({
  groupBy: GroupBy,
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

/** KPIs of one group; means and rates are null when the group has no analysed conversation. */
export const MetricsRow = z.object({
  /** The agent id, team, channel, queue, shift, day or week; null collects rows without one. */
  group: z.string().nullable(),
  /** Analysed (not skipped) conversations. */
  count: z.number().int(),
  skipped: z.number().int(),
  empathy: z.number().nullable(),
  compassion: z.number().nullable(),
  overall: z.number().nullable(),
  heardNotHelpedRate: z.number().nullable(),
  sentimentShift: z.number().nullable(),
  humanRequiredRate: z.number().nullable(),
  /** Missed moments over all empathy moments; null when the group had no moment. */
  missedMomentShare: z.number().nullable(),
  repeatContactRate: z.number().nullable(),
  vulnerableRate: z.number().nullable(),
  /** Mean over conversations with turn times; null when none had them. */
  handleTimeSeconds: z.number().nullable(),
});
export type MetricsRow = z.infer<typeof MetricsRow>;
