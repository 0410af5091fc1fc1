import { z } from 'zod';
import defaults from './settings.json' with { type: 'json' };

const Ms = z.number().positive();

/** Frame sizes and thresholds for prosody: data a team can override, like the lexicon. */
export const ProsodySettings = z.object({
  version: z.string(),
  about: z.string().optional(),
  frameMs: Ms,
  pitch: z.object({
    minHz: z.number().positive(),
    maxHz: z.number().positive(),
    windowMs: Ms,
    /** YIN's absolute threshold on the normalised difference: the first dip below it is the period. */
    threshold: z.number().positive().max(1),
    /** Above this normalised difference a frame is unvoiced. */
    voicedCeiling: z.number().positive().max(1),
    /** Pitch is measured on audio resampled to this rate: enough for voices up to maxHz, and cheap. */
    analysisRate: z.number().int().positive(),
    /** Audio above the analysis rate is low-passed here (Butterworth of this even order) before decimating. */
    antiAliasHz: z.number().positive(),
    antiAliasOrder: z.number().int().positive(),
  }),
  activity: z.object({
    onsetAboveFloorDb: z.number().positive(),
    offsetAboveFloorDb: z.number().positive(),
    minLevelDb: z.number(),
    /** The noise floor is the quietest frame over this much recent audio. */
    floorWindowMs: Ms,
    /** Gaps shorter than this inside speech (stop closures, breaths) do not end a stretch of speech. */
    bridgeGapMs: z.number().nonnegative(),
    minSpeechMs: z.number().nonnegative(),
  }),
  syllables: z.object({
    subFrameMs: Ms,
    /** The band whose loudness peaks mark vowels: first formants, above the voicing bar and below the fricatives. */
    vowelBandHz: z.tuple([z.number().positive(), z.number().positive()]),
    /** The vowel band's power is smoothed by a low-pass at this frequency: below a voice's pitch, above the syllable rate. */
    envelopeHz: z.number().positive(),
    /** A syllable nucleus is a peak that rises at least this much above the dips on both sides. */
    minProminenceDb: z.number().positive(),
    minSpacingMs: Ms,
    /** A nucleus rises and falls by the prominence within this time; longer is a sustained sound, not a syllable. */
    widestMs: Ms,
    /** A nucleus is periodic (YIN's dip at most this): looser than the pitch's ceiling, as breathy vowels are nuclei too. */
    voicedCeiling: z.number().positive().max(1),
    /** Peaks this far below the loudest in the stretch are noise, not syllables. */
    belowPeakDb: z.number().positive(),
  }),
  pauses: z.object({ minPauseMs: Ms, deadAirMs: Ms }),
  arousal: z.object({
    /** The smallest spread a speaker's baseline is given: a customer who spoke evenly does not make a small change loud. */
    minSpread: z.object({
      semitones: z.number().positive(),
      db: z.number().positive(),
      syllablesPerSecond: z.number().positive(),
    }),
  }),
  overlap: z.object({ minOverlapMs: Ms, backchannelMaxMs: Ms }),
  cues: z.object({
    agentRateAboveCustomer: z.number().positive(),
    minCustomerRate: z.number().nonnegative(),
    talkOverCount: z.number().int().positive(),
    agitationRise: z.number().positive(),
    agitationTurns: z.number().int().positive(),
    /** A customer turn this many standard deviations above their own voice baseline is an empathy moment and emotional load, whatever the words say. */
    agitatedTurn: z.number().positive(),
    /** Pacing: the agent's rate at most this multiple of the agitated customer's. */
    pacingWithin: z.number().positive(),
  }),
});
export type ProsodySettings = z.infer<typeof ProsodySettings>;

export const DEFAULT_PROSODY_SETTINGS: ProsodySettings = ProsodySettings.parse(defaults);
