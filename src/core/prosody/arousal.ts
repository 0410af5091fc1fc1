import type { TurnVoice } from '../schema/voice.ts';

function medianAndSpread(values: number[]): { centre: number; spread: number } | null {
  if (values.length < 2) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const centre = sorted[sorted.length >> 1]!;
  const deviations = sorted.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  // 1.4826 × MAD estimates a standard deviation and shrugs off one shouted turn
  const spread = 1.4826 * deviations[deviations.length >> 1]!;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { centre, spread: spread > 1e-6 ? spread : sd > 1e-6 ? sd : 1 };
}

/**
 * Sets each turn's arousal: how far its pitch (in semitones), loudness and rate sit above the speaker's own median,
 * in robust standard deviations, averaged over what could be measured. Only for the customer: Attune reads the
 * agent's behaviours, never the agent's feelings.
 */
export function arousal(turns: TurnVoice[]): void {
  const features: ((t: TurnVoice) => number | null)[] = [
    (t) => (t.pitchHz ? 12 * Math.log2(t.pitchHz) : null),
    (t) => t.levelDb,
    (t) => t.syllablesPerSecond,
  ];
  const baselines = features.map((f) => medianAndSpread(turns.map(f).filter((v): v is number => v !== null)));
  for (const turn of turns) {
    const z = features
      .map((f, i) => {
        const v = f(turn);
        const b = baselines[i];
        return v === null || !b ? null : (v - b.centre) / b.spread;
      })
      .filter((v): v is number => v !== null);
    turn.arousal = z.length ? z.reduce((s, v) => s + v, 0) / z.length : null;
  }
}
