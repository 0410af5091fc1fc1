import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame } from './frames.ts';
import { measureWindow } from './measure-turn.ts';
import { DEFAULT_PROSODY_SETTINGS as settings } from './settings.ts';
import { syllableNuclei } from './syllables.ts';

/** Frames of 20 ms from vowel-band levels given per 10 ms sub-frame; `unvoiced` frame indexes carry no pitch. */
function framesFrom(levels: number[], unvoiced: number[] = []): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i + 1 < levels.length; i += 2) {
    const f = i / 2;
    frames.push({
      start: f * 0.02,
      end: (f + 1) * 0.02,
      levelDb: -20,
      subLevelsDb: [-20, -20],
      vowelLevelsDb: [levels[i]!, levels[i + 1]!],
      hz: unvoiced.includes(f) ? null : 120,
      aperiodicity: unvoiced.includes(f) ? null : 0.1,
    });
  }
  return frames;
}

test('a syllable nucleus is a voiced peak that stands out from the dips on both sides', () => {
  // peaks at 35, 85 and 125 ms; the one at 125 ms rises only 2 dB out of the dip before it, so it is not a nucleus
  const levels = [-40, -30, -20, -10, -20, -30, -30, -20, -12, -18, -18, -17, -16, -18, -19, -30, -40, -40];
  const frames = framesFrom(levels);
  const nuclei = syllableNuclei(frames, { start: 0, end: 0.18 }, settings);
  assert.deepEqual(
    nuclei.map((t) => Math.round(t * 1000)),
    [35, 85],
  );
});

test('an unvoiced peak (a fricative burst) and a ripple closer than the minimum spacing are not syllables', () => {
  const levels = [-40, -10, -30, -30, -12, -30, -40, -40, -40, -40, -15, -22, -16, -30, -40, -40];
  // the loudest peak (15 ms) is in an unvoiced stretch; the two at 105 and 125 ms are 20 ms apart and the louder stands
  const frames = framesFrom(levels, [0, 1]);
  const nuclei = syllableNuclei(frames, { start: 0, end: 0.16 }, settings);
  assert.deepEqual(
    nuclei.map((t) => Math.round(t * 1000)),
    [45, 105],
  );
});

test('a gap too short to be a pause is speaking time; a pause is not', () => {
  const frames = framesFrom(Array.from({ length: 300 }, () => -20));
  const short = measureWindow(
    frames,
    [
      { start: 0, end: 1 },
      { start: 1.2, end: 2 },
    ],
    0,
    3,
    settings,
  );
  const paused = measureWindow(
    frames,
    [
      { start: 0, end: 1 },
      { start: 1.5, end: 2 },
    ],
    0,
    3,
    settings,
  );
  assert.deepEqual(
    { short: [short.speechSeconds.toFixed(3), short.pauses], paused: [paused.speechSeconds.toFixed(3), paused.pauses] },
    { short: ['2.000', []], paused: ['1.500', [{ start: 1, end: 1.5 }]] },
  );
});

test("a stretch's edge counts as the dip after its last syllable, but a sustained sound is not a syllable", () => {
  // a syllable rising out of a dip and still loud when the stretch of speech ends at 100 ms
  const last = framesFrom([-40, -30, -20, -15, -14, -14.5, -15, -15.5, -16, -16.5]);
  // a tone: 600 ms at one level, however its edges fall
  const tone = framesFrom([-40, ...Array.from({ length: 60 }, () => -20), -40]);
  assert.deepEqual(
    {
      last: syllableNuclei(last, { start: 0, end: 0.1 }, settings).map((t) => Math.round(t * 1000)),
      tone: syllableNuclei(tone, { start: 0, end: 0.62 }, settings),
    },
    { last: [45], tone: [] },
  );
});

test('a breathy vowel, too aperiodic for a pitch, is still a nucleus; noise is not', () => {
  const levels = [-40, -30, -20, -10, -20, -30, -40, -40];
  const withAperiodicity = (aperiodicity: number) =>
    framesFrom(levels).map((f) => ({
      ...f,
      hz: aperiodicity <= settings.pitch.voicedCeiling ? f.hz : null,
      aperiodicity,
    }));
  const nuclei = (aperiodicity: number) =>
    syllableNuclei(withAperiodicity(aperiodicity), { start: 0, end: 0.08 }, settings).map((t) => Math.round(t * 1000));
  assert.deepEqual({ breathy: nuclei(0.45), noise: nuclei(0.7) }, { breathy: [35], noise: [] });
});
