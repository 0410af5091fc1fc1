import assert from 'node:assert/strict';
import { test } from 'node:test';
import { speechSpans } from './activity.ts';
import { createFrameTracker, framesOf } from './frames.ts';
import { DEFAULT_PROSODY_SETTINGS as settings } from './settings.ts';
import { toneBursts as bursts } from './testing.ts';

test('fed 20 ms at a time, as a live session feeds it, the tracker gives exactly the frames of the whole recording', () => {
  const samples = bursts(8000, 3, 150, [
    [0.5, 1.2],
    [2, 2.6],
  ]);
  const tracker = createFrameTracker(8000, settings);
  const live = [];
  for (let at = 0; at < samples.length; at += 160) live.push(...tracker.push(samples.subarray(at, at + 160)));
  live.push(...tracker.flush());
  assert.deepEqual(live, framesOf(samples, 8000, settings));
});

test('speech spans and pitch follow planned bursts: boundaries within 20 ms, pitch within 2%', () => {
  const planned: [number, number][] = [
    [0.5, 1.2],
    [2, 2.6],
  ];
  for (const rate of [8000, 16000]) {
    const frames = framesOf(bursts(rate, 3, 150, planned), rate, settings);
    const spans = speechSpans(frames, settings);
    assert.equal(spans.length, 2, `${rate} Hz: ${JSON.stringify(spans)}`);
    spans.forEach((s, i) => {
      assert.ok(
        Math.abs(s.start - planned[i]![0]) <= 0.02 && Math.abs(s.end - planned[i]![1]) <= 0.02,
        `${rate} Hz span ${JSON.stringify(s)} vs ${planned[i]}`,
      );
    });
    const pitches = frames.filter((f) => f.start >= 0.55 && f.end <= 1.15).map((f) => f.hz);
    assert.ok(
      pitches.every((hz) => hz !== null && Math.abs(hz - 150) / 150 < 0.02),
      `${rate} Hz pitches ${pitches.join(' ')}`,
    );
  }
});

test('a sample rate that is not a multiple of 8 kHz is refused with the reason', () => {
  assert.throws(() => createFrameTracker(22050, settings), /22050 Hz is not a multiple of 8000 Hz/);
});

test('speech from the very first sample is heard from its start, once the first pause shows the floor', () => {
  const planned: [number, number][] = [
    [0, 1.2],
    [2, 2.6],
  ];
  for (const rate of [8000, 16000]) {
    const spans = speechSpans(framesOf(bursts(rate, 3, 150, planned), rate, settings), settings);
    assert.deepEqual(
      spans.map((s) => [s.start, Math.abs(s.end - 1.2) <= 0.02 || Math.abs(s.end - 2.6) <= 0.02]),
      [
        [0, true],
        [2, true],
      ],
      `${rate} Hz: ${JSON.stringify(spans)}`,
    );
  }
});

test('16 kHz audio is low-passed before it is decimated: a tone above 4 kHz does not fold back into the vowel band', () => {
  const tone = (hz: number) =>
    Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / 16000));
  // steady tones, so the middle frames' vowel-band level stands for the whole
  const vowelLevel = (hz: number) => {
    const levels = framesOf(tone(hz), 16000, settings)
      .slice(20, 40)
      .flatMap((f) => f.vowelLevelsDb);
    return levels.reduce((sum, v) => sum + v, 0) / levels.length;
  };
  // 6.5 kHz at 8 kHz would read as 1.5 kHz, inside the vowel band
  const inBand = vowelLevel(1500);
  const folded = vowelLevel(6500);
  assert.ok(inBand > -20, `1.5 kHz tone: vowel band ${inBand.toFixed(1)} dB`);
  assert.ok(
    folded < inBand - 40,
    `6.5 kHz tone: vowel band ${folded.toFixed(1)} dB vs ${inBand.toFixed(1)} dB in band`,
  );
});
