import type { Evidence } from '../schema/index.ts';
import type { LiveVoiceCue, VoiceCueResult } from '../schema/live.ts';
import type { TimeEvidence } from '../schema/voice.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { LiveVoiceUpdate } from '../prosody/live.ts';
import type { TurnFindings } from '../scoring/moments.ts';
import { decide, type Decision } from './adoption.ts';

/** A voice cue's outcome: from the agent's voice after it, or (the customer's agitation) from the agent's words. */
export interface VoiceDecision {
  outcome: Decision['outcome'];
  evidence: Array<Evidence | TimeEvidence>;
  why: string;
}

/** A voice cue as shown, and what became of it. */
export interface ShownVoice {
  cue: LiveVoiceCue;
  /** Seconds of call audio when it was shown: what the agent's voice did after this decides it. */
  shownAt: number;
  /** Turns the session held when it was shown: the agent's turns from there on decide agitation. */
  turnsBefore: number;
  /** The agent's utterances that began after it was shown. */
  agentSince: TimeEvidence[];
  /** The agent's voice doing again what the cue asked it not to, after it was shown. */
  again: TimeEvidence[];
  decision: VoiceDecision | null;
}

const at = (e: { start: number; end: number }, why: string): TimeEvidence => ({
  start: e.start,
  end: e.end,
  detector: 'live:adoption',
  why,
});

/** What the agent's voice did after `shown` in one update: its utterances, and the cue's behaviour again. */
export function watch(shown: ShownVoice, update: Pick<LiveVoiceUpdate, 'events' | 'spoken'>): void {
  const after = <T extends { start: number }>(xs: readonly T[]) => xs.filter((x) => x.start >= shown.shownAt);
  for (const u of after(update.spoken)) {
    if (u.role !== 'agent') continue;
    shown.agentSince.push(at(u, 'the agent spoke'));
    if (shown.cue.kind === 'slow-down' && u.fast)
      shown.again.push(at(u, 'the agent still spoke faster than the customer'));
  }
  for (const e of after(update.events)) {
    if (shown.cue.kind === 'stop-talking-over' && e.kind === 'interruption' && e.by === 'agent')
      shown.again.push(at(e, 'the agent cut in on the customer again'));
    if (shown.cue.kind === 'long-silence' && e.kind === 'dead-air') shown.again.push(at(e, 'another silence'));
  }
}

/**
 * Decides a shown voice cue. The agent's own voice (slow down, stop talking over, long silence): doing it again after
 * the cue is ignored, with the evidence; `window` agent utterances without it, or the call's end after at least one, is
 * accepted. Agitation is the customer's: decided from the agent's next turns as the text slow-down cue is (de-escalation
 * or a specific acknowledgement accepted; blame or dismissal dismissed; nothing in the window ignored).
 */
export function decideVoice(
  shown: ShownVoice,
  agentTurns: readonly TurnFindings[],
  lexicon: CompiledLexicon,
  ended: boolean,
): VoiceDecision | null {
  if (shown.cue.kind === 'agitation-rising') return decide('slow-down', agentTurns, lexicon, ended);
  if (shown.again.length)
    return { outcome: 'ignored', evidence: shown.again.slice(0, 3), why: `${shown.again[0]!.why} after the cue` };
  const window = lexicon.data.live.adoptionAgentTurns;
  if (shown.agentSince.length >= window || (ended && shown.agentSince.length > 0)) {
    const spoken = shown.agentSince.slice(0, window);
    return {
      outcome: 'accepted',
      evidence: spoken,
      why: `not again in the agent's ${spoken.length} utterance(s) after the cue${ended ? ' before the call ended' : ''}`,
    };
  }
  return null;
}

/** A shown voice cue as the stored analysis keeps it, with its outcome. */
export function voiceResult(s: ShownVoice): VoiceCueResult {
  return {
    ...s.cue,
    outcome: s.decision?.outcome ?? null,
    outcomeWhy: s.decision?.why ?? 'undecided',
    outcomeEvidence: s.decision?.evidence ?? [],
  };
}
