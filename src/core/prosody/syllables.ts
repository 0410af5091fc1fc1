import type { Span } from './activity.ts';
import type { Frame } from './frames.ts';
import type { ProsodySettings } from './settings.ts';

/**
 * Syllable nuclei in a stretch of speech (after de Jong & Wempe 2009): peaks of the vowel-band envelope that stand
 * out from the dips on both sides (topographic prominence), are voiced, are not far below the stretch's loudest,
 * and are not too close to a louder nucleus. Returns their times in seconds, in order.
 */
export function syllableNuclei(frames: readonly Frame[], span: Span, settings: ProsodySettings): number[] {
  const s = settings.syllables;
  const sub = s.subFrameMs / 1000;
  const times: number[] = [];
  const levels: number[] = [];
  const frameOf: number[] = [];
  const voiced = frames.map((frame) => frame.aperiodicity !== null && frame.aperiodicity <= s.voicedCeiling);
  frames.forEach((frame, f) => {
    if (frame.end <= span.start || frame.start >= span.end) return;
    frame.vowelLevelsDb.forEach((level, k) => {
      const t = frame.start + k * sub;
      if (t < span.start - 1e-9 || t >= span.end) return;
      times.push(t + sub / 2);
      levels.push(level);
      frameOf.push(f);
    });
  });
  const loudest = levels.reduce((m, v) => Math.max(m, v), -Infinity);
  const candidates: number[] = [];
  for (let i = 0; i < levels.length; i++) {
    const v = levels[i]!;
    const isPeak = (i === 0 || v >= levels[i - 1]!) && (i === levels.length - 1 || v > levels[i + 1]!);
    if (!isPeak || v < loudest - s.belowPeakDb || !prominent(levels, times, i, s.minProminenceDb, s.widestMs / 1000))
      continue;
    // the envelope lags the audio by a few milliseconds and pitch comes in 20 ms frames: a neighbour's voicing counts
    const f = frameOf[i]!;
    if (voiced[f] || voiced[f - 1] || voiced[f + 1]) candidates.push(i);
  }
  // of nuclei closer than the minimum spacing, the louder stands
  const minSpacing = s.minSpacingMs / 1000 - 1e-9;
  const kept: number[] = [];
  for (const i of [...candidates].sort((a, b) => levels[b]! - levels[a]! || a - b)) {
    if (kept.every((k) => Math.abs(times[k]! - times[i]!) >= minSpacing)) kept.push(i);
  }
  return kept.sort((a, b) => a - b).map((i) => times[i]!);
}

/**
 * Whether the peak at `i` rises at least `db` above the deepest dip on each side before a higher level, decided
 * without walking further than the dip that settles it. The stretch's edges count as dips (speech ends there), but
 * the rise and fall must lie within `widest` seconds: a sustained sound (a tone, music on hold) is not a syllable.
 */
function prominent(
  levels: readonly number[],
  times: readonly number[],
  i: number,
  db: number,
  widest: number,
): boolean {
  const v = levels[i]!;
  const side = (step: 1 | -1): number => {
    let j = i + step;
    for (; j >= 0 && j < levels.length; j += step) {
      if (levels[j]! <= v - db) return j;
      if (levels[j]! > v) return -1;
    }
    return j - step;
  };
  const left = side(-1);
  const right = left < 0 ? -1 : side(1);
  return right >= 0 && times[right]! - times[left]! <= widest;
}
