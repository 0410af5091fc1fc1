import { Conversation, FullAnalysis, Skipped } from '../core/schema/index.ts';
import type { VOICE_CUES } from '../core/schema/voice.ts';
import type {
  ConversationInput,
  CueOutcome,
  LiveCueKind,
  LiveSummary,
  MomentOutcome,
  Tier,
} from '../core/schema/index.ts';
import type { AnalysedConversation } from './store.ts';

type VoiceCueKind = (typeof VOICE_CUES)[number];

/** The scores and flags a test wants; everything else in the analysis is filled in. */
export interface AnalysisSpec {
  /** Null when no moment called for empathy. */
  empathy: number | null;
  compassion: number;
  overall: number;
  sentimentShift: number;
  heardNotHelped?: boolean;
  humanRequired?: boolean;
  tier?: Tier;
  /** One moment per customer turn (turns 0, 2, 4 ... with the agent answering on the next). */
  moments?: MomentOutcome[];
  repeatContact?: boolean;
  vulnerable?: boolean;
  /** A live session's cues, each with its outcome (null: undecided when it closed). */
  live?: [LiveCueKind, CueOutcome | null][];
  /** The session's voice cues (it streamed audio), each with its outcome; only with `live`. */
  voice?: [VoiceCueKind, CueOutcome | null][];
}

/** Adoption counts of cues with these outcomes. */
function adoptionOf(outcomes: readonly (CueOutcome | null)[]) {
  const count = (o: CueOutcome) => outcomes.filter((outcome) => outcome === o).length;
  const decided = count('accepted') + count('ignored') + count('dismissed');
  return {
    accepted: count('accepted'),
    ignored: count('ignored'),
    dismissed: count('dismissed'),
    rate: decided ? count('accepted') / decided : null,
  };
}

/** The voice part of a live summary: its cues numbered after the text cues' (one count per session). */
function fakeVoice(cues: [VoiceCueKind, CueOutcome | null][], after: number): NonNullable<LiveSummary['voice']> {
  return {
    seconds: { agent: 60, customer: 60 },
    events: [],
    cues: cues.map(([kind, outcome], i) => ({
      kind,
      why: 'test',
      evidence: [],
      id: `cue-${after + i + 1}`,
      severity: 'medium',
      shownAfterTurn: 0,
      outcome,
      outcomeWhy: 'test',
      outcomeEvidence: [],
    })),
    adoption: adoptionOf(cues.map(([, outcome]) => outcome)),
    dropped: { events: 0, cues: 0 },
  };
}

/** A live summary with the given cues and outcomes; counts follow from them. */
function fakeLive(cues: [LiveCueKind, CueOutcome | null][], voice?: [VoiceCueKind, CueOutcome | null][]): LiveSummary {
  const none = { cues: 0, meanChange: null };
  return {
    cues: cues.map(([kind, outcome], i) => ({
      id: `cue-${i + 1}`,
      kind,
      severity: 'medium',
      message: 'test',
      suggestion: 'test',
      shownAfterTurn: 0,
      evidence: [],
      outcome,
      outcomeEvidence: [],
      why: 'test',
      sentimentBefore: null,
      sentimentAfter: null,
    })),
    adoption: adoptionOf(cues.map(([, outcome]) => outcome)),
    sentimentChange: { accepted: none, ignored: none },
    ...(voice ? { voice: fakeVoice(voice, cues.length) } : {}),
  };
}

const evidence = (turn: number, text: string) => ({
  turn,
  start: 0,
  end: text.length,
  text,
  detector: 'test',
  why: 'test',
});
const low = { level: 'low' as const, evidence: [] };

/** A valid analysis with the given scores; a test helper, not the engine. */
export function fakeAnalysis(id: string, conversation: Conversation, s: AnalysisSpec): FullAnalysis {
  const moments = (s.moments ?? []).map((outcome, i) => {
    const turn = i * 2;
    const responseTurn = turn + 1 < conversation.turns.length ? turn + 1 : null;
    return {
      turn,
      triggers: ['frustration'],
      outcome,
      responseTurn,
      ackBeforeFix: null,
      evidence: [evidence(turn, conversation.turns[turn]?.text ?? '')],
    };
  });
  return FullAnalysis.parse({
    id,
    engine: { version: 'test', lexicon: 'test', models: [] },
    turns: [],
    cues: s.repeatContact ? [{ kind: 'repeat-contact', evidence: [] }] : [],
    moments,
    scores: {
      empathy: s.empathy,
      compassion: s.compassion,
      overall: s.overall,
      sentimentShift: s.sentimentShift,
      heardNotHelped: s.heardNotHelped ?? false,
    },
    explanation: { empathy: [], compassion: [], overall: [], sentimentShift: [] },
    routing: {
      decision: s.humanRequired ? 'human-required' : 'ai-safe',
      dimensions: { emotionalLoad: low, ambiguity: low, moralTradeoff: low, irreversibility: low, explainability: low },
      reasons: [],
    },
    tier: s.tier ?? 3,
    tierReason: { topic: 'test', evidence: [] },
    vulnerability: s.vulnerable ? [{ category: 'health', cue: 'health', evidence: [] }] : [],
    ...(s.live ? { live: fakeLive(s.live, s.voice) } : {}),
  });
}

/** A conversation of alternating customer/agent turns, numbered so each text is unique. */
export function fakeConversation(
  input: Omit<ConversationInput, 'turns'> & { turns?: ConversationInput['turns'] },
): Conversation {
  const turns = input.turns ?? [
    { role: 'customer', text: `${input.id}: I have waited three weeks and I am furious.` },
    { role: 'agent', text: `${input.id}: I am sorry, three weeks is far too long. I will fix it now.` },
    { role: 'customer', text: `${input.id}: My flight is tonight.` },
    { role: 'agent', text: `${input.id}: Let me check.` },
  ];
  return Conversation.parse({ ...input, turns });
}

/** An analysed item, or an opted-out one when `spec` is 'skipped'. */
export function fakeItem(conversation: Conversation, spec: AnalysisSpec | 'skipped'): AnalysedConversation {
  const analysis =
    spec === 'skipped'
      ? Skipped.parse({ id: conversation.id, skipped: 'opted-out' })
      : fakeAnalysis(conversation.id, conversation, spec);
  return { conversation, analysis };
}
