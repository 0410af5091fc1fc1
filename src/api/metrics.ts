import { z } from 'zod';
import { AdoptionKind } from '../core/schema/index.ts';
import { TimeOrDate } from './time.ts';

export const GROUP_BY = ['agent', 'team', 'channel', 'queue', 'shift', 'day', 'week'] as const;
export const GroupBy = z.enum(GROUP_BY);
export type GroupBy = z.infer<typeof GroupBy>;

/** Without `groupBy`, one row: the total over everything in range. Dates are whole local days, `to` included. */
export const MetricsQuery = z.object({
  groupBy: GroupBy.optional(),
  /** Only this agent's conversations (within the key's scope), e.g. an agent's weekly trend: `groupBy=week&agent=…`. */
  agent: z.string().min(1).max(1_000).optional(),
  from: TimeOrDate.optional(),
  to: TimeOrDate.optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

const AdoptionCounts = z.object({
  /** Cues shown in live sessions. */
  shown: z.number().int(),
  accepted: z.number().int(),
  ignored: z.number().int(),
  dismissed: z.number().int(),
  /** The n behind `rate`: cues decided (accepted, ignored or dismissed); a cue still undecided when its session closed is not. */
  decided: z.number().int(),
  /** accepted / decided; null when no cue was decided. */
  rate: z.number().nullable(),
});

/**
 * Whether agents acted on live cues, as the engine decided from what they wrote next (or, for voice cues, what their
 * voice did next): in all, and per cue kind.
 */
export const CueAdoption = AdoptionCounts.extend({
  /** One entry per cue kind shown in the group, text cues then voice cues (`voice:…`), each in the catalogue's order. */
  byKind: z.array(AdoptionCounts.extend({ kind: AdoptionKind })),
});
export type CueAdoption = z.infer<typeof CueAdoption>;

/** KPIs of one group; means and rates are null when the group has no analysed conversation. */
export const MetricsRow = z.object({
  /** The agent id, team, channel, queue, shift, day or week; null collects rows without one (and names the total). */
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
  /** Mean talk or active time over the conversations that have one (`handleTimeConversations`); null when none has. */
  handleTimeSeconds: z.number().nullable(),
  /** How many conversations the handle time is the mean of: e-mail, tickets and untimed turns have no handle time. */
  handleTimeConversations: z.number().int(),
  /** The n behind `empathy`: analysed conversations with an empathy score (those with at least one moment). */
  empathyCount: z.number().int(),
  /** The n behind `missedMomentShare`: empathy moments in the group. */
  momentCount: z.number().int(),
  /** The cue-adoption rate of the group's live sessions, with its n, in all and per cue kind. */
  cueAdoption: CueAdoption,
});
export type MetricsRow = z.infer<typeof MetricsRow>;

/** `GET /v1/metrics`: the total over the range, and with `groupBy` one row per group. */
export const MetricsResult = z.object({
  groupBy: GroupBy.nullable(),
  total: MetricsRow,
  rows: z.array(MetricsRow),
});
export type MetricsResult = z.infer<typeof MetricsResult>;
