import { z } from 'zod';
import { Evidence, MomentOutcome } from '../core/schema/index.ts';
import { TimeOrDate } from './time.ts';

export const MomentFilter = z.object({
  outcome: MomentOutcome.optional(),
  agent: z.string().optional(),
  team: z.string().optional(),
  /** Instants, or dates: whole local days in the configured time zone, the `to` day included. */
  from: TimeOrDate.optional(),
  to: TimeOrDate.optional(),
});
export type MomentFilter = z.infer<typeof MomentFilter>;

export const MomentRow = z.object({
  conversationId: z.string(),
  turn: z.number().int(),
  outcome: MomentOutcome,
  triggers: z.array(z.string()),
  /** The customer's turn, word for word (already redacted). */
  customerText: z.string(),
  responseTurn: z.number().int().nullable(),
  /** The agent's or bot's reply; null when nobody answered. */
  agentText: z.string().nullable(),
  evidence: z.array(Evidence),
  agentId: z.string().nullable(),
  team: z.string().nullable(),
  startedAt: z.string().nullable(),
});
export type MomentRow = z.infer<typeof MomentRow>;
