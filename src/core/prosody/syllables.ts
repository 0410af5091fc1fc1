import type { Span } from './activity.ts';
import type { Frame } from './frames.ts';
import type { ProsodySettings } from './settings.ts';

/**
 * Syllable nuclei in a stretch of speech (after de Jong & Wempe 2009): voiced loudness peaks, each with a dip
 * of a few dB before the next, not too close together and not far below the stretch's loudest.
 * Returns their times in seconds.
 */
export function syllableNuclei(frames: readonly Frame[], span: Span, settings: ProsodySettings): number[] {
  const s = settings.syllables;
  const sub = s.subFrameMs / 1000;
  const times: number[] = [];
  const levels: number[] = [];
  const voiced: boolean[] = [];
  for (const frame of frames) {
    if (frame.end <= span.start || frame.start >= span.end) continue;
    frame.vowelLevelsDb.forEach((level, k) => {
      const t = frame.start + k * sub;
      if (t < span.start - 1e-9 || t >= span.end) return;
      times.push(t + sub / 2);
      levels.push(level);
      voiced.push(frame.hz !== null);
    });
  }
  // a three-sub-frame moving average in the power domain steadies the envelope
  const smooth = levels.map((_, i) => {
    let power = 0;
    let n = 0;
    for (let j = Math.max(0, i - 1); j <= Math.min(levels.length - 1, i + 1); j++, n++)
      power += 10 ** (levels[j]! / 10);
    return 10 * Math.log10(power / n);
  });
  const loudest = smooth.reduce((m, v) => Math.max(m, v), -Infinity);
  const kept: number[] = [];
  for (let i = 0; i < smooth.length; i++) {
    const v = smooth[i]!;
    const isPeak = (i === 0 || v >= smooth[i - 1]!) && (i === smooth.length - 1 || v > smooth[i + 1]!);
    if (!isPeak || !voiced[i] || v < loudest - s.belowPeakDb) continue;
    const last = kept[kept.length - 1];
    if (last === undefined) {
      kept.push(i);
      continue;
    }
    let valley = Infinity;
    for (let j = last + 1; j < i; j++) valley = Math.min(valley, smooth[j]!);
    const separated = smooth[last]! - valley >= s.minDipDb && v - valley >= s.minDipDb;
    if (separated && times[i]! - times[last]! >= s.minSpacingMs / 1000) kept.push(i);
    else if (v > smooth[last]!) kept[kept.length - 1] = i;
  }
  return kept.map((i) => times[i]!);
}
