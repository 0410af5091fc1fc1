import { z } from 'zod';
import { Evidence } from './evidence.ts';
import { TimeEvidence, VOICE_CUES, VoiceCue, VoiceEvent } from './voice.ts';

export const LIVE_CUE_KINDS = [
  'acknowledge-deadline',
  'own-the-chase',
  'slow-down',
  'keep-brief',
  'avoid-script',
  'consider-human',
  'care',
  'open-moment',
] as const;
export const LiveCueKind = z.enum(LIVE_CUE_KINDS);
export type LiveCueKind = z.infer<typeof LiveCueKind>;

/** A voice cue's kind as adoption counts it: apart from the text cue of the same name (`slow-down` is the customer's anger there, the agent's pace here). */
export const voiceAdoptionKind = (kind: (typeof VOICE_CUES)[number]) => `voice:${kind}` as const;
/** What cue adoption is counted by: each text cue kind, then each voice cue kind, in catalogue order. */
export const ADOPTION_KINDS = [...LIVE_CUE_KINDS, ...VOICE_CUES.map(voiceAdoptionKind)] as const;
export const AdoptionKind = z.enum(ADOPTION_KINDS);
export type AdoptionKind = z.infer<typeof AdoptionKind>;

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** A cue shown to the agent: what the customer said, what to do about it, and the evidence. */
export const LiveCue = z.object({
  id: z.string(),
  kind: LiveCueKind,
  severity: Severity,
  message: z.string(),
  suggestion: z.string(),
  /** The turn after which the cue was shown. */
  shownAfterTurn: z.number().int().nonnegative(),
  evidence: z.array(Evidence),
});
export type LiveCue = z.infer<typeof LiveCue>;

export const CUE_OUTCOMES = ['accepted', 'ignored', 'dismissed'] as const;
export const CueOutcome = z.enum(CUE_OUTCOMES);
export type CueOutcome = z.infer<typeof CueOutcome>;

/** What became of a cue, decided from what the agent wrote next, and the customer's sentiment either side. */
export const CueResult = LiveCue.extend({
  outcome: CueOutcome.nullable(),
  /** The agent's words that decided it (none for "ignored"). */
  outcomeEvidence: z.array(Evidence),
  why: z.string(),
  /** The customer's sentiment on the last turn before the cue and on their first turn after the outcome; null when there was none. */
  sentimentBefore: z.number().nullable(),
  sentimentAfter: z.number().nullable(),
});
export type CueResult = z.infer<typeof CueResult>;

/** A voice cue as a live session shows it: paced with the text cues (one new cue per interval) and adoption-tracked as they are. */
export const LiveVoiceCue = VoiceCue.extend({
  id: z.string(),
  severity: Severity,
  /** The turn after which the cue was shown (0 before any). */
  shownAfterTurn: z.number().int().nonnegative(),
});
export type LiveVoiceCue = z.infer<typeof LiveVoiceCue>;

/**
 * What became of a voice cue: accepted when the agent's voice did not do it again, ignored when it did; agitation by the
 * agent's words, as text cues. Analyses stored before voice cues were paced hold them without these fields.
 */
export const VoiceCueResult = VoiceCue.extend({
  id: z.string().optional(),
  severity: Severity.optional(),
  shownAfterTurn: z.number().int().nonnegative().optional(),
  outcome: CueOutcome.nullable().optional(),
  outcomeWhy: z.string().optional(),
  outcomeEvidence: z.array(z.union([Evidence, TimeEvidence])).optional(),
});
export type VoiceCueResult = z.infer<typeof VoiceCueResult>;

const MeanChange = z.object({ cues: z.number().int().nonnegative(), meanChange: z.number().nullable() });

const Adoption = z.object({
  accepted: z.number().int().nonnegative(),
  ignored: z.number().int().nonnegative(),
  dismissed: z.number().int().nonnegative(),
  /** accepted / decided; null when no cue was decided. */
  rate: z.number().min(0).max(1).nullable(),
});

/** A live session's cues and whether the agent took them; stored with the conversation's analysis. */
export const LiveSummary = z.object({
  cues: z.array(CueResult),
  adoption: Adoption,
  /** The customer's sentiment change across accepted and across ignored cues. */
  sentimentChange: z.object({ accepted: MeanChange, ignored: MeanChange }),
  /** A session that streamed audio: what its interim prosody showed, as the `voice` events sent it (the first ones, up to a bound). */
  voice: z
    .object({
      /** Seconds of audio received per channel. */
      seconds: z.object({ agent: z.number().nonnegative().optional(), customer: z.number().nonnegative().optional() }),
      events: z.array(VoiceEvent),
      /** The voice cues shown, with their outcomes. */
      cues: z.array(VoiceCueResult),
      /** Adoption of the voice cues, apart from the text cues' (which `/v1/metrics` counts). */
      adoption: Adoption.optional(),
      /** Events and cues shown but beyond the bound, so not kept here. */
      dropped: z.object({ events: z.number().int().nonnegative(), cues: z.number().int().nonnegative() }),
    })
    .optional(),
});
export type LiveSummary = z.infer<typeof LiveSummary>;
