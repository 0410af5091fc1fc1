import type { Span } from './activity.ts';
import type { Frame } from './frames.ts';
import type { ProsodySettings } from './settings.ts';
import { syllableNuclei } from './syllables.ts';
import { median } from './timing.ts';

export interface TurnMeasures {
  speechSeconds: number;
  syllables: number;
  syllablesPerSecond: number | null;
  pitchHz: number | null;
  pitchRangeSemitones: number | null;
  levelDb: number | null;
  pauses: Span[];
}

/** Too little speech to call a rate or a pitch range. */
const MIN_SPEECH_SECONDS = 0.3;
const MIN_VOICED_FRAMES = 5;

/** The frames overlapping [start, end): frames are contiguous and equally long, so this is an index range. */
export function framesIn(frames: readonly Frame[], start: number, end: number): readonly Frame[] {
  const length = frames[0] ? frames[0].end - frames[0].start : 1;
  return frames.slice(Math.max(0, Math.floor(start / length)), Math.max(0, Math.ceil(end / length)));
}

/** Rate (articulation rate: syllables per second of speech), pitch, loudness and pauses within a time window. */
export function measureWindow(
  frames: readonly Frame[],
  spans: readonly Span[],
  start: number,
  end: number,
  settings: ProsodySettings,
): TurnMeasures {
  const inside = spans
    .map((s) => ({ start: Math.max(s.start, start), end: Math.min(s.end, end) }))
    .filter((s) => s.end - s.start > 0);
  // speaking time runs from the first sound to the last, less the pauses: a gap too short to be a pause (a stop's
  // closure, a faint fricative lost in line noise) is part of speaking, as in de Jong & Wempe's articulation rate
  const pauses: Span[] = [];
  let speechSeconds = inside.reduce((sum, s) => sum + (s.end - s.start), 0);
  for (let i = 1; i < inside.length; i++) {
    const gap = { start: inside[i - 1]!.end, end: inside[i]!.start };
    if (gap.end - gap.start >= settings.pauses.minPauseMs / 1000) pauses.push(gap);
    else speechSeconds += Math.max(0, gap.end - gap.start);
  }
  let syllables = 0;
  const pitches: number[] = [];
  let power = 0;
  let counted = 0;
  for (const span of inside) {
    const slice = framesIn(frames, span.start, span.end);
    syllables += syllableNuclei(slice, span, settings).length;
    for (const frame of slice) {
      if (frame.hz !== null) pitches.push(frame.hz);
      power += 10 ** (frame.levelDb / 10);
      counted++;
    }
  }
  const voiced = pitches.length >= MIN_VOICED_FRAMES;
  const sorted = voiced ? [...pitches].sort((a, b) => a - b) : [];
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    speechSeconds,
    syllables,
    syllablesPerSecond: speechSeconds >= MIN_SPEECH_SECONDS ? syllables / speechSeconds : null,
    pitchHz: voiced ? median(pitches) : null,
    pitchRangeSemitones: voiced ? 12 * Math.log2(quantile(0.9) / quantile(0.1)) : null,
    levelDb: counted ? 10 * Math.log10(power / counted) : null,
    pauses,
  };
}
