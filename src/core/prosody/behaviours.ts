import type { TurnVoice, VoiceBehaviour, VoiceEvent } from '../schema/voice.ts';
import type { ProsodySettings } from './settings.ts';

const DETECTOR = 'prosody';

/**
 * The agent's voice behaviours: talk-over (cutting in on the customer: negative) and pacing (after a customer turn
 * well above their own baseline, replying no faster than the customer spoke: positive).
 */
export function voiceBehaviours(
  turns: readonly TurnVoice[],
  events: readonly VoiceEvent[],
  settings: ProsodySettings,
): VoiceBehaviour[] {
  const behaviours: VoiceBehaviour[] = [];
  const cutIns = events.filter((e) => e.kind === 'interruption' && e.by === 'agent');
  if (cutIns.length) {
    behaviours.push({
      kind: 'talk-over',
      evidence: cutIns.map((e) => ({
        start: e.start,
        end: e.end,
        detector: DETECTOR,
        why: 'the agent started talking while the customer was still speaking',
      })),
    });
  }
  const paced = turns.flatMap((t, i) => {
    const previous = turns
      .slice(0, i)
      .reverse()
      .find((p) => p.role === 'customer');
    if (t.role !== 'agent' || !previous || previous.arousal === null || previous.arousal < settings.cues.agitationRise)
      return [];
    if (t.syllablesPerSecond === null || previous.syllablesPerSecond === null) return [];
    if (t.syllablesPerSecond > previous.syllablesPerSecond * settings.cues.pacingWithin) return [];
    return [
      {
        start: t.start,
        end: t.end,
        ...(t.turn !== null ? { turn: t.turn } : {}),
        detector: DETECTOR,
        why: `after an agitated customer turn, the agent kept to ${t.syllablesPerSecond.toFixed(1)} syllables/s against the customer's ${previous.syllablesPerSecond.toFixed(1)}`,
      },
    ];
  });
  if (paced.length) behaviours.push({ kind: 'pacing', evidence: paced });
  return behaviours;
}
