import type { SpeakerVoice, TimeEvidence, TurnVoice, VoiceCue, VoiceEvent } from '../schema/voice.ts';
import type { ProsodySettings } from './settings.ts';

const DETECTOR = 'prosody';
const MAX_EVIDENCE = 3;

function evidence(t: { start: number; end: number; turn?: number | null }, why: string): TimeEvidence {
  return { start: t.start, end: t.end, ...(t.turn != null ? { turn: t.turn } : {}), detector: DETECTOR, why };
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Cues from the voice: slow down, stop talking over, long silence, the customer's agitation rising. */
export function voiceCues(
  speakers: SpeakerVoice[],
  turns: TurnVoice[],
  events: VoiceEvent[],
  settings: ProsodySettings,
): VoiceCue[] {
  const c = settings.cues;
  const cues: VoiceCue[] = [];
  const customerRate = speakers.find((s) => s.role === 'customer')?.syllablesPerSecond ?? null;
  if (customerRate !== null && customerRate >= c.minCustomerRate) {
    const fast = turns.filter(
      (t) =>
        t.role === 'agent' &&
        t.syllablesPerSecond !== null &&
        t.syllablesPerSecond > customerRate * c.agentRateAboveCustomer,
    );
    if (fast.length) {
      cues.push({
        kind: 'slow-down',
        why: `the agent spoke faster than the customer (${round(customerRate)} syllables/s) by more than ${Math.round((c.agentRateAboveCustomer - 1) * 100)}%`,
        evidence: fast.slice(0, MAX_EVIDENCE).map((t) => evidence(t, `${round(t.syllablesPerSecond!)} syllables/s`)),
      });
    }
  }
  const cutIns = events.filter((e) => e.kind === 'interruption' && e.by === 'agent');
  if (cutIns.length >= c.talkOverCount) {
    cues.push({
      kind: 'stop-talking-over',
      why: `the agent cut in on the customer ${cutIns.length} times`,
      evidence: cutIns.slice(0, MAX_EVIDENCE).map((e) => evidence(e, 'agent started while the customer was speaking')),
    });
  }
  const deadAir = events.filter((e) => e.kind === 'dead-air');
  if (deadAir.length) {
    cues.push({
      kind: 'long-silence',
      why: `${deadAir.length} silence${deadAir.length > 1 ? 's' : ''} of ${settings.pauses.deadAirMs / 1000} s or more`,
      evidence: deadAir
        .slice(0, MAX_EVIDENCE)
        .map((e) => evidence(e, `${round(e.end - e.start)} s with nobody speaking`)),
    });
  }
  const customer = turns.filter((t) => t.role === 'customer' && t.arousal !== null);
  if (customer.length >= c.agitationTurns) {
    const recent = customer.slice(-c.agitationTurns);
    const rise = recent[recent.length - 1]!.arousal! - recent[0]!.arousal!;
    const climbing = recent.every((t, i) => i === 0 || t.arousal! >= recent[i - 1]!.arousal! - 0.25);
    if (rise >= c.agitationRise && climbing) {
      cues.push({
        kind: 'agitation-rising',
        why: `the customer's pitch, loudness and pace rose by ${round(rise)} standard deviations over their last ${recent.length} turns`,
        evidence: recent.map((t) => evidence(t, `arousal ${round(t.arousal!)}`)),
      });
    }
  }
  return cues;
}
