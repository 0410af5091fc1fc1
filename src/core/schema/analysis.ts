import { z } from 'zod';
import { Role } from './conversation.ts';
import { VoiceAnalysis } from './voice.ts';
import { Evidence } from './evidence.ts';
import { LiveSummary } from './live.ts';
import { NEGATIVE_BEHAVIOURS, POSITIVE_BEHAVIOURS } from './behaviour-kinds.ts';

export { Evidence } from './evidence.ts';

export const EMOTIONS = [
  'anger',
  'frustration',
  'anxiety',
  'sadness',
  'confusion',
  'disappointment',
  'impatience',
  'gratitude',
  'relief',
  'satisfaction',
] as const;
export const EmotionLabel = z.enum(EMOTIONS);
export type EmotionLabel = z.infer<typeof EmotionLabel>;

export const BehaviourKind = z.enum([...POSITIVE_BEHAVIOURS, ...NEGATIVE_BEHAVIOURS]);
export type BehaviourKind = z.infer<typeof BehaviourKind>;

export const CUES = [
  'deadline',
  'duration',
  'repeat-contact',
  'bereavement',
  'health',
  'financial-hardship',
  'isolation',
  'capability',
  'hurry',
  'wants-human',
  'churn-threat',
  'complaint-threat',
] as const;
export const CueKind = z.enum(CUES);
export type CueKind = z.infer<typeof CueKind>;

export const Emotion = z.object({
  label: EmotionLabel,
  intensity: z.number().min(0).max(1),
  evidence: z.array(Evidence),
});
export type Emotion = z.infer<typeof Emotion>;

export const Behaviour = z.object({
  kind: BehaviourKind,
  specific: z.boolean().optional(),
  evidence: z.array(Evidence),
});
export type Behaviour = z.infer<typeof Behaviour>;

export const Cue = z.object({ kind: CueKind, evidence: z.array(Evidence) });
export type Cue = z.infer<typeof Cue>;

export const TurnAnalysis = z.object({
  index: z.number().int().nonnegative(),
  role: Role,
  sentiment: z.number().min(-1).max(1),
  emotions: z.array(Emotion),
  behaviours: z.array(Behaviour),
  /** Present when the turn is longer than the engine reads: only its first `analysedChars` characters were analysed. */
  analysedChars: z.number().int().nonnegative().optional(),
});
export type TurnAnalysis = z.infer<typeof TurnAnalysis>;

export const MOMENT_OUTCOMES = ['met-specific', 'met-generic', 'helped-not-heard', 'missed'] as const;
export const MomentOutcome = z.enum(MOMENT_OUTCOMES);
export type MomentOutcome = z.infer<typeof MomentOutcome>;

export const Moment = z.object({
  turn: z.number().int().nonnegative(),
  triggers: z.array(z.string()),
  outcome: MomentOutcome,
  /** The first agent or bot turn that answered; null when nobody did. */
  responseTurn: z.number().int().nonnegative().nullable(),
  /** Whether acknowledgement came before the fix; null when the reply lacks either. */
  ackBeforeFix: z.boolean().nullable(),
  evidence: z.array(Evidence),
});
export type Moment = z.infer<typeof Moment>;

export const Scores = z.object({
  /** Null when no customer turn called for empathy: there is no response to score (the explanation says so). */
  empathy: z.number().min(0).max(100).nullable(),
  compassion: z.number().min(0).max(100),
  overall: z.number().min(0).max(100),
  sentimentShift: z.number().min(-100).max(100),
  heardNotHelped: z.boolean(),
});
export type Scores = z.infer<typeof Scores>;

export const Factor = z.object({
  factor: z.string(),
  contribution: z.number(),
  why: z.string(),
  evidence: z.array(Evidence),
});
export type Factor = z.infer<typeof Factor>;

export const Explanation = z.object({
  empathy: z.array(Factor),
  compassion: z.array(Factor),
  overall: z.array(Factor),
  sentimentShift: z.array(Factor),
});
export type Explanation = z.infer<typeof Explanation>;

export const ROUTING_DIMENSIONS = [
  'emotionalLoad',
  'ambiguity',
  'moralTradeoff',
  'irreversibility',
  'explainability',
] as const;
export const RoutingDimensionName = z.enum(ROUTING_DIMENSIONS);
export type RoutingDimensionName = z.infer<typeof RoutingDimensionName>;

export const RoutingDimension = z.object({
  level: z.enum(['low', 'high']),
  evidence: z.array(Evidence),
});
export type RoutingDimension = z.infer<typeof RoutingDimension>;

export const Routing = z.object({
  decision: z.enum(['ai-safe', 'human-required']),
  dimensions: z.object({
    emotionalLoad: RoutingDimension,
    ambiguity: RoutingDimension,
    moralTradeoff: RoutingDimension,
    irreversibility: RoutingDimension,
    explainability: RoutingDimension,
  }),
  reasons: z.array(z.string()),
});
export type Routing = z.infer<typeof Routing>;

export const VULNERABILITY_CATEGORIES = ['health', 'life-event', 'resilience', 'capability'] as const;
export const Vulnerability = z.object({
  category: z.enum(VULNERABILITY_CATEGORIES),
  cue: CueKind,
  evidence: z.array(Evidence),
});
export type Vulnerability = z.infer<typeof Vulnerability>;

export const Tier = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Tier = z.infer<typeof Tier>;

export const TierReason = z.object({ topic: z.string(), evidence: z.array(Evidence) });
export type TierReason = z.infer<typeof TierReason>;

/** An agent sentence that recurs near-verbatim across the batch it was analysed in (`attune analyze --templates`). */
export const TemplateMark = z.object({
  turn: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  /** How many conversations of the batch share it. */
  conversations: z.number().int().positive(),
  /** A stock empathy formula (a fault) or a pasted macro (not in itself). */
  kind: z.enum(['stock-empathy', 'macro']),
});
export type TemplateMark = z.infer<typeof TemplateMark>;

export const Skipped = z.object({ id: z.string(), skipped: z.literal('opted-out') }).strict();
export type Skipped = z.infer<typeof Skipped>;

export const FullAnalysis = z.object({
  id: z.string(),
  engine: z.object({ version: z.string(), lexicon: z.string(), models: z.array(z.string()) }),
  turns: z.array(TurnAnalysis),
  cues: z.array(Cue),
  moments: z.array(Moment),
  scores: Scores,
  explanation: Explanation,
  routing: Routing,
  tier: Tier,
  tierReason: TierReason,
  vulnerability: z.array(Vulnerability),
  /** Set when the batch was searched for templates. */
  templates: z.array(TemplateMark).optional(),
  /** Set for calls with a timed transcript or audio: prosody, overlaps, dead air and the voice cues, in seconds. */
  voice: VoiceAnalysis.optional(),
  /** Set when the conversation was a live session: its cues and whether the agent took them. */
  live: LiveSummary.optional(),
});
export type FullAnalysis = z.infer<typeof FullAnalysis>;

export const Analysis = z.union([Skipped, FullAnalysis]);
export type Analysis = z.infer<typeof Analysis>;
