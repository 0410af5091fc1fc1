import type { Conversation, Role } from '../schema/conversation.ts';
import type { VoiceAnalysis, VoiceEvent } from '../schema/voice.ts';
import { voiceBehaviours } from './behaviours.ts';
import { voiceCues } from './cues.ts';
import { overlaps, silences } from './overlap.ts';
import type { ProsodySettings } from './settings.ts';
import { timingSignals, type TimedTurn } from './timing.ts';

/** The conversation's turns that carry a start and an end (seconds), with their indexes. */
export function timedTurns(conversation: Conversation): TimedTurn[] {
  return conversation.turns.flatMap((t, turn) =>
    t.start !== undefined && t.end !== undefined && t.end >= t.start
      ? [{ role: t.role, start: t.start, end: t.end, turn }]
      : [],
  );
}

/**
 * What a timed transcript alone says about the call: who talked how much, who cut in on whom, dead air and response
 * latency. Null unless at least two turns carry times.
 */
export function voiceFromTimings(conversation: Conversation, settings: ProsodySettings): VoiceAnalysis | null {
  const turns = timedTurns(conversation);
  if (turns.length < 2) return null;
  const spansOf = (role: Role) => turns.filter((t) => t.role === role).map(({ start, end }) => ({ start, end }));
  const events: VoiceEvent[] = [];
  for (const o of overlaps(
    { role: 'agent' as Role, spans: spansOf('agent') },
    { role: 'customer' as Role, spans: spansOf('customer') },
    settings.overlap.minOverlapMs / 1000,
    settings.overlap.backchannelMaxMs / 1000,
  )) {
    events.push({ kind: o.interruption ? 'interruption' : 'overlap', start: o.start, end: o.end, by: o.by, on: o.on });
  }
  const first = Math.min(...turns.map((t) => t.start));
  const last = Math.max(...turns.map((t) => t.end));
  for (const gap of silences(turns, last, settings.pauses.minPauseMs / 1000)) {
    if (gap.end - gap.start >= settings.pauses.deadAirMs / 1000 && gap.start >= first)
      events.push({ kind: 'dead-air', ...gap });
  }
  events.sort((a, b) => a.start - b.start);
  const timing = timingSignals(turns);
  const talk = timing.agentSeconds + timing.customerSeconds;
  const speakers = (['customer', 'agent'] as const)
    .filter((role) => turns.some((t) => t.role === role))
    .map((role) => {
      const speechSeconds = role === 'agent' ? timing.agentSeconds : timing.customerSeconds;
      return {
        role,
        speechSeconds,
        talkShare: talk > 0 ? speechSeconds / talk : 0,
        syllablesPerSecond: null,
        pitchHz: null,
        pitchRangeSemitones: null,
        levelDb: null,
      };
    });
  // without audio a turn has nothing to add to its own start and end, so per-turn voice is left out
  return {
    source: 'timings',
    settings: settings.version,
    durationSeconds: last - first,
    speakers,
    turns: [],
    events,
    cues: voiceCues(speakers, [], events, settings),
    behaviours: voiceBehaviours([], events, settings),
    timing,
  };
}
