import { z } from 'zod';
import { HANDLE_TIME_BASES } from '../core/scoring/handle-time.ts';
import { Channel, Tier } from '../core/schema/index.ts';
import { TimeOrDate } from './time.ts';

export const HandleTimeBasis = z.enum(HANDLE_TIME_BASES);
export type HandleTimeBasis = z.infer<typeof HandleTimeBasis>;

/** The flattened columns the dashboards need; scores and flags are null for skipped conversations. */
export const ConversationRow = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  agentId: z.string().nullable(),
  team: z.string().nullable(),
  channel: Channel,
  queue: z.string().nullable(),
  startedAt: z.string().nullable(),
  /** Local date `YYYY-MM-DD` in the configured time zone. */
  day: z.string().nullable(),
  /** ISO week `YYYY-Www` in the configured time zone. */
  week: z.string().nullable(),
  shift: z.string().nullable(),
  /** Talk time (voice turn timings) or active time (live text message times); null where neither can be measured. */
  handleTimeSeconds: z.number().nullable(),
  handleTimeBasis: HandleTimeBasis.nullable(),
  /** How the handle time was measured, or why there is none (e.g. e-mail send times are not time spent). */
  handleTimeReason: z.string(),
  skipped: z.boolean(),
  tier: Tier.nullable(),
  empathy: z.number().nullable(),
  compassion: z.number().nullable(),
  overall: z.number().nullable(),
  sentimentShift: z.number().nullable(),
  heardNotHelped: z.boolean().nullable(),
  humanRequired: z.boolean().nullable(),
  missedMoments: z.number().int().nullable(),
  totalMoments: z.number().int().nullable(),
  repeatContact: z.boolean().nullable(),
  vulnerable: z.boolean().nullable(),
  receivedAt: z.string(),
});
export type ConversationRow = z.infer<typeof ConversationRow>;

export const SCORE_FIELDS = ['empathy', 'compassion', 'overall'] as const;
export const ScoreField = z.enum(SCORE_FIELDS);
export type ScoreField = z.infer<typeof ScoreField>;

export const ConversationFilter = z.object({
  agent: z.string().optional(),
  team: z.string().optional(),
  channel: Channel.optional(),
  queue: z.string().optional(),
  customer: z.string().optional(),
  /** The customer id as stored when it is a keyed pseudonym (`email:3f9a…`); set by the store, not by callers. */
  customerAlias: z.string().optional(),
  tier: Tier.optional(),
  heardNotHelped: z.boolean().optional(),
  humanRequired: z.boolean().optional(),
  vulnerable: z.boolean().optional(),
  skipped: z.boolean().optional(),
  /** Which score `scoreMin`/`scoreMax` (both inclusive) apply to. */
  scoreField: ScoreField.default('overall'),
  scoreMin: z.number().optional(),
  scoreMax: z.number().optional(),
  /** Instants, or dates: whole local days in the configured time zone, the `to` day included. */
  from: TimeOrDate.optional(),
  to: TimeOrDate.optional(),
});
export type ConversationFilter = z.input<typeof ConversationFilter>;
