import { z } from 'zod';
import { Role } from './conversation.ts';

/** Evidence in time: where in the call (seconds), which turn if any, what measured it and why it matters. */
export const TimeEvidence = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  turn: z.number().int().nonnegative().optional(),
  detector: z.string(),
  why: z.string(),
});
export type TimeEvidence = z.infer<typeof TimeEvidence>;

const Measure = z.number().nullable();

/** One speaker's voice over the whole call. Null where nothing was voiced enough to measure. */
export const SpeakerVoice = z.object({
  role: Role,
  speechSeconds: z.number().nonnegative(),
  talkShare: z.number().min(0).max(1),
  syllablesPerSecond: Measure,
  pitchHz: Measure,
  pitchRangeSemitones: Measure,
  levelDb: Measure,
});
export type SpeakerVoice = z.infer<typeof SpeakerVoice>;

/** One turn's voice: rate, pitch, loudness, pauses and, for the customer, arousal against their own baseline. */
export const TurnVoice = z.object({
  turn: z.number().int().nonnegative().nullable(),
  role: Role,
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  syllablesPerSecond: Measure,
  pitchHz: Measure,
  pitchRangeSemitones: Measure,
  levelDb: Measure,
  pauses: z.number().int().nonnegative(),
  pauseSeconds: z.number().nonnegative(),
  /** Standard deviations above the speaker's own call baseline (pitch, loudness, rate together). */
  arousal: Measure,
});
export type TurnVoice = z.infer<typeof TurnVoice>;

export const VOICE_EVENTS = ['overlap', 'interruption', 'pause', 'dead-air'] as const;
export const VoiceEvent = z.object({
  kind: z.enum(VOICE_EVENTS),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** For overlaps: who cut in on whom. */
  by: Role.optional(),
  on: Role.optional(),
});
export type VoiceEvent = z.infer<typeof VoiceEvent>;

export const VOICE_CUES = ['slow-down', 'stop-talking-over', 'long-silence', 'agitation-rising'] as const;
export const VoiceCueKind = z.enum(VOICE_CUES);
export const VoiceCue = z.object({ kind: VoiceCueKind, why: z.string(), evidence: z.array(TimeEvidence) });
export type VoiceCue = z.infer<typeof VoiceCue>;

export const VOICE_BEHAVIOURS = ['talk-over', 'pacing'] as const;
/** The agent's voice behaviours (never their feelings): talk-over costs, pacing to a distressed customer helps. */
export const VoiceBehaviour = z.object({ kind: z.enum(VOICE_BEHAVIOURS), evidence: z.array(TimeEvidence) });
export type VoiceBehaviour = z.infer<typeof VoiceBehaviour>;

/** Signals from turn timings alone, for calls with a timed transcript and no audio. */
export const TimingSignals = z.object({
  /** Agent talk time over customer talk time. */
  talkListenRatio: Measure,
  agentSeconds: z.number().nonnegative(),
  customerSeconds: z.number().nonnegative(),
  nonTalkSeconds: z.number().nonnegative(),
  /** Turns that start before the other speaker's turn has ended, by who started them. */
  interruptions: z.object({ agent: z.number().int().nonnegative(), customer: z.number().int().nonnegative() }),
  /** Median seconds from the end of a customer turn to the start of the agent's reply. */
  responseLatencySeconds: Measure,
});
export type TimingSignals = z.infer<typeof TimingSignals>;

export const VoiceAnalysis = z.object({
  source: z.enum(['audio', 'timings']),
  settings: z.string(),
  durationSeconds: z.number().nonnegative(),
  speakers: z.array(SpeakerVoice),
  turns: z.array(TurnVoice),
  events: z.array(VoiceEvent),
  cues: z.array(VoiceCue),
  behaviours: z.array(VoiceBehaviour),
  timing: TimingSignals,
});
export type VoiceAnalysis = z.infer<typeof VoiceAnalysis>;
