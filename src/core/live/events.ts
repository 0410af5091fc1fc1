import { z } from 'zod';
import {
  CueOutcome,
  EmotionLabel,
  Evidence,
  LiveCue,
  LiveSummary,
  Moment,
  RoutingDimensionName,
  Routing,
} from '../schema/index.ts';
import { Conversation, Role } from '../schema/conversation.ts';
import { TimeEvidence, VoiceEvent as VoiceEventSchema } from '../schema/voice.ts';
import { LiveVoiceCue } from '../schema/live.ts';
import { LIVE_VOICE_ROLES } from '../prosody/live.ts';

export { CueOutcome, CueResult, LiveCue, LiveSummary } from '../schema/index.ts';

// ---- client → server

export const LiveVoiceRole = z.enum(LIVE_VOICE_ROLES);

/** The call's audio a session will stream: its sample rate and who is on each channel (one speaker a channel). */
export const LiveAudioSpec = z.object({
  sampleRate: z.union([z.literal(8000), z.literal(16000)]),
  channels: z
    .array(LiveVoiceRole)
    .min(1)
    .max(2)
    .refine((c) => new Set(c).size === c.length, 'each speaker once'),
});

/** Opens a session: the conversation's metadata, without turns; with `audio`, the session also takes the call's audio. */
export const OpenMessage = z.object({
  type: z.literal('open'),
  conversation: Conversation.in.omit({ turns: true }),
  audio: LiveAudioSpec.optional(),
});
/** One turn, or an interim segment of one (`final: false`) that later messages with the same `segment` replace. */
export const TurnMessage = z.object({
  type: z.literal('turn'),
  /** The client's sequence number, from 1, one per message; a resent number is acknowledged again, never applied twice. */
  seq: z.number().int().positive(),
  role: Role,
  text: z.string().max(20_000),
  final: z.boolean().default(true),
  segment: z.string().min(1).max(128).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
  /** The last event `seq` the client has received: older events need not be kept for a resume. */
  seen: z.number().int().nonnegative().optional(),
});
export type TurnMessage = z.input<typeof TurnMessage>;
/** Base64 of little-endian signed 16-bit samples, checked without backtracking (one character class, anchored). */
const Base64 = z
  .string()
  .min(4)
  .max(60_000)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')
  .refine((s) => s.length % 4 === 0, 'base64 length must be a multiple of 4');

/**
 * A chunk of one channel's audio (20 ms frames, or longer chunks): base64 of 16-bit little-endian PCM at the
 * session's sample rate. Each declared channel streams continuously, silence included, from the call's start.
 */
export const AudioMessage = z.object({
  type: z.literal('audio'),
  channel: LiveVoiceRole,
  pcm: Base64,
});
export type AudioMessage = z.input<typeof AudioMessage>;
/** Takes a session over after a lost connection; events after `lastEvent` are sent again. */
export const ResumeMessage = z.object({
  type: z.literal('resume'),
  sessionId: z.string().min(1).max(128),
  lastEvent: z.number().int().nonnegative(),
});
/** Ends the session: the conversation is analysed and stored, cue outcomes included. */
export const CloseMessage = z.object({ type: z.literal('close') });
export const ClientMessage = z.discriminatedUnion('type', [
  OpenMessage,
  TurnMessage,
  AudioMessage,
  ResumeMessage,
  CloseMessage,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- server → client (every event carries the session's event `seq`, from 1; 0 on an error before any session)

const base = { seq: z.number().int().nonnegative() };
export const OpenedEvent = z.object({
  ...base,
  type: z.literal('opened'),
  sessionId: z.string(),
  analysing: z.boolean(),
  resumeWithinMs: z.number().int(),
  nextTurnSeq: z.number().int().positive(),
  /** On a resume on another node: the last event kept; the client's events after it were never stored, and come again with the resent turns. */
  lastEvent: z.number().int().nonnegative().optional(),
});
export const AckEvent = z.object({
  ...base,
  type: z.literal('ack'),
  turnSeq: z.number().int().positive(),
  turn: z.number().int().nonnegative(),
  final: z.boolean(),
  /** The message was applied before (a resend after a resume): acknowledged again, not applied twice. */
  duplicate: z.boolean(),
});
export const CueEvent = z.object({ ...base, type: z.literal('cue'), cue: LiveCue });
export const CueWithdrawnEvent = z.object({
  ...base,
  type: z.literal('cue-withdrawn'),
  id: z.string(),
  outcome: CueOutcome,
  why: z.string(),
  /** The agent's words that decided it; for a voice cue, the agent's voice (seconds from the call's start). */
  evidence: z.array(z.union([Evidence, TimeEvidence])),
});
export const EmotionEvent = z.object({
  ...base,
  type: z.literal('emotion'),
  /** The customer turn this point is for (an interim segment's is replaced by its final one). */
  turn: z.number().int().nonnegative(),
  final: z.boolean(),
  sentiment: z.number(),
  emotions: z.array(z.object({ label: EmotionLabel, intensity: z.number() })),
  /** Sentiment of each final customer turn so far, oldest first. */
  trajectory: z.array(z.object({ turn: z.number().int(), sentiment: z.number() })),
  trend: z.enum(['rising', 'falling', 'steady']),
});
export const RoutingEvent = z.object({
  ...base,
  type: z.literal('routing'),
  decision: Routing.shape.decision,
  reasons: z.array(z.string()),
  high: z.array(RoutingDimensionName),
  changed: z.array(RoutingDimensionName),
});
/**
 * What the call's audio showed since the last: interruptions, overlaps and dead air, all in seconds from the call's
 * start; and a voice cue new or with new evidence, once the pacing lets it through (then withdrawn as text cues are).
 */
export const VoiceUpdateEvent = z.object({
  ...base,
  type: z.literal('voice'),
  events: z.array(VoiceEventSchema),
  cues: z.array(LiveVoiceCue),
});
export const MomentsEvent = z.object({ ...base, type: z.literal('moments'), open: z.array(Moment) });
export const ERROR_CODES = [
  'malformed',
  'invalid_message',
  'not_open',
  'already_open',
  'forbidden',
  'unknown_session',
  'out_of_order',
  'too_large',
  'busy',
] as const;
export const ErrorEvent = z.object({
  ...base,
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
});
export const ClosedEvent = z.object({
  ...base,
  type: z.literal('closed'),
  id: z.string(),
  stored: z.boolean(),
  /** Why a session that was analysed was not stored (the store refused it: its customer or id erased, say). */
  reason: z.string().optional(),
  summary: LiveSummary.nullable(),
});
export const ServerEvent = z.discriminatedUnion('type', [
  OpenedEvent,
  AckEvent,
  CueEvent,
  CueWithdrawnEvent,
  EmotionEvent,
  RoutingEvent,
  VoiceUpdateEvent,
  MomentsEvent,
  ErrorEvent,
  ClosedEvent,
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
/** An event before the session numbers it. */
export type Unnumbered<E = ServerEvent> = E extends unknown ? Omit<E, 'seq'> : never;
