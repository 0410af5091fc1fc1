import { z } from 'zod';
import { CueKind, EmotionLabel, VULNERABILITY_CATEGORIES } from '../schema/index.ts';

/** One conversation labelled by hand under docs/annotation.md. */
export const LabelOutcome = z.enum(['met-specific', 'met-generic', 'helped-not-heard', 'missed', 'no-reply']);
export type LabelOutcome = z.infer<typeof LabelOutcome>;

export const CustomerTurnLabel = z.object({
  turn: z.number().int().nonnegative(),
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  emotions: z.array(EmotionLabel),
  cues: z.array(CueKind),
  vulnerability: z.array(z.enum(VULNERABILITY_CATEGORIES)),
  moment: z.boolean(),
  outcome: LabelOutcome.optional(),
});
export type CustomerTurnLabel = z.infer<typeof CustomerTurnLabel>;

export const AgentTurnLabel = z.object({
  turn: z.number().int().nonnegative(),
  acknowledgement: z.enum(['none', 'generic', 'specific']),
  helped: z.boolean(),
  scripted: z.boolean(),
  template: z.boolean(),
  blame: z.boolean(),
});
export type AgentTurnLabel = z.infer<typeof AgentTurnLabel>;

const Rating = z.number().int().min(1).max(5);

export const ConversationLabel = z.object({
  id: z.string(),
  customer: z.array(CustomerTurnLabel),
  agent: z.array(AgentTurnLabel),
  /** 1-5, or null when no customer turn was a moment. */
  empathy: Rating.nullable(),
  helpfulness: Rating,
});
export type ConversationLabel = z.infer<typeof ConversationLabel>;

/** A gold label with who made it and which half it belongs to (`fit`: may be fitted on; `test`: only scored). */
export const GoldLabel = ConversationLabel.extend({
  split: z.enum(['fit', 'test']),
  annotators: z.array(z.string()),
  adjudicated: z.boolean(),
});
export type GoldLabel = z.infer<typeof GoldLabel>;
