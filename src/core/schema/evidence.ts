import { z } from 'zod';

/** Where a finding came from: a character span of one turn, the detector that saw it, and why. */
export const Evidence = z.object({
  turn: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  detector: z.string(),
  why: z.string(),
  /** Set when the evidence lies in another conversation (an earlier contact of the same customer). */
  conversation: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;
