import type { TurnVoice } from '../schema/voice.ts';
import type { ProsodySettings } from './settings.ts';

function medianAndSpread(values: number[], minSpread: number): { centre: number; spread: number } | null {
  if (values.length < 2) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const centre = sorted[sorted.length >> 1]!;
  const deviations = sorted.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  // 1.4826 × MAD estimates a standard deviation and shrugs off one shouted turn
  const spread = 1.4826 * deviations[deviations.length >> 1]!;
  return { centre, spread: Math.max(spread, minSpread) };
}

/**
 * Sets each turn's arousal: how far its pitch (in semitones), loudness and rate sit above the speaker's own median,
 * in robust standard deviations, averaged over what could be measured. Only for the customer: Attune reads the
 * agent's behaviours, never the agent's feelings.
 */
export function arousal(turns: TurnVoice[], settings: ProsodySettings): void {
  const floor = settings.arousal.minSpread;
  const features: [(t: TurnVoice) => number | null, number][] = [
    [(t) => (t.pitchHz ? 12 * Math.log2(t.pitchHz) : null), floor.semitones],
    [(t) => t.levelDb, floor.db],
    [(t) => t.syllablesPerSecond, floor.syllablesPerSecond],
  ];
  const baselines = features.map(([f, min]) =>
    medianAndSpread(
      turns.map(f).filter((v): v is number => v !== null),
      min,
    ),
  );
  for (const turn of turns) {
    const z = features
      .map(([f], i) => {
        const v = f(turn);
        const b = baselines[i];
        return v === null || !b ? null : (v - b.centre) / b.spread;
      })
      .filter((v): v is number => v !== null);
    turn.arousal = z.length ? z.reduce((s, v) => s + v, 0) / z.length : null;
  }
}
