import { z } from 'zod';
import { EmotionLabel, VULNERABILITY_CATEGORIES } from '../schema/analysis.ts';
import { LiveCueKind, Severity } from '../schema/live.ts';
import { VoiceCueKind } from '../schema/voice.ts';

export { LiveCueKind, Severity };

/** A cue's words: `{quote}` is the customer's clause, `{echo}` the same turned to "you"; kinds add their own fields. */
const Wording = z.object({ message: z.string().min(1), suggestion: z.string().min(1) });

/** How live sessions cue agents: pacing, thresholds and every word a cue says, as data a CX team can edit. */
export const LiveConfig = z.object({
  /** At most one new cue per this many milliseconds; the rest wait, most severe first. */
  cueIntervalMs: z.number().int().nonnegative(),
  /** How many agent turns after a cue is shown may act on it before it counts as ignored. */
  adoptionAgentTurns: z.number().int().min(1),
  /** Words either side of a cue's evidence that its quote keeps, within the sentence. */
  quoteWords: z.number().int().min(1),
  /** An open moment whose quote is shorter than this ("no") gives the agent nothing to name: not cued. */
  minQuoteWords: z.number().int().min(1),
  /** Moment triggers that are facts, not feelings ("since Friday"): a moment with only these is not cued as open. */
  quietTriggers: z.array(z.string()),
  /** Words that put a deadline in the past ("I made my presentation"): nothing left to acknowledge before it. */
  pastMarkers: z.array(z.string().min(1)),
  /** Anger rising: these emotions' strongest intensity grows over `turns` customer turns and ends at `minIntensity` or more. */
  angerRise: z.object({
    labels: z.array(EmotionLabel).min(1),
    turns: z.number().int().min(2),
    minIntensity: z.number().min(0).max(1),
  }),
  severity: z.record(LiveCueKind, Severity),
  /** The voice cues' severity, against the text cues' when both wait for the pacing. */
  voiceSeverity: z.record(VoiceCueKind, Severity),
  wording: z.record(LiveCueKind, Wording),
  /** What to do for each of the FCA's four drivers of vulnerability. */
  care: z.record(z.enum(VULNERABILITY_CATEGORIES), z.string().min(1)),
  /** Phrases by which an agent hands the customer to a person ("put you through to a colleague"). */
  handoff: z.array(z.string().min(1)),
  /** First person to second, for turning the customer's words into a line the agent can say. */
  personSwap: z.record(z.string(), z.string()),
});
export type LiveConfig = z.infer<typeof LiveConfig>;
