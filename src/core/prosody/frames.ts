import { createBandPass, createButterworthLowPass, createSmoother } from './biquad.ts';
import { levelDb } from './level.ts';
import { yin, yinSpan, type YinOptions } from './pitch.ts';
import type { ProsodySettings } from './settings.ts';

/** What one frame of audio (20 ms by default) carries: its time, loudness and pitch. */
export interface Frame {
  /** Start and end in seconds from the start of the stream. */
  start: number;
  end: number;
  levelDb: number;
  /** Loudness of each sub-frame (10 ms by default), for sharper boundaries. */
  subLevelsDb: number[];
  /**
   * Loudness of each sub-frame in the vowel band, where syllable nuclei stand out: the band's power smoothed
   * below the pitch (so glottal pulses do not ripple it) but above the syllable rate, in dB.
   */
  vowelLevelsDb: number[];
  hz: number | null;
  /**
   * How far from periodic the frame was (YIN's dip: 0 = perfectly periodic); null when too quiet to measure or no
   * dip was below the loosest ceiling. A vowel may be too breathy for a pitch and still periodic enough to be a nucleus.
   */
  aperiodicity: number | null;
}

export interface FrameTracker {
  /** Feeds samples (any length, -1..1); returns the frames completed by them, in order, one frame behind. */
  push(samples: Float32Array): Frame[];
  /** Ends the stream: returns the frame still held back. */
  flush(): Frame[];
  readonly sampleRate: number;
}

/** Streams audio into frames: the live path and the file path share it, so both measure the same thing. */
export function createFrameTracker(sampleRate: number, settings: ProsodySettings): FrameTracker {
  const factor = sampleRate / settings.pitch.analysisRate;
  if (!Number.isInteger(factor) || factor < 1) {
    throw new Error(
      `sample rate ${sampleRate} Hz is not a multiple of ${settings.pitch.analysisRate} Hz (resample to 8 or 16 kHz)`,
    );
  }
  const frameSize = Math.round((sampleRate * settings.frameMs) / 1000);
  const subSize = Math.round((sampleRate * settings.syllables.subFrameMs) / 1000);
  const yinOptions: YinOptions = {
    sampleRate: settings.pitch.analysisRate,
    minHz: settings.pitch.minHz,
    maxHz: settings.pitch.maxHz,
    window: Math.round((settings.pitch.analysisRate * settings.pitch.windowMs) / 1000),
    threshold: settings.pitch.threshold,
    // YIN reports up to the looser of the two ceilings; the pitch keeps to its own
    voicedCeiling: Math.max(settings.pitch.voicedCeiling, settings.syllables.voicedCeiling),
  };
  const history = yinSpan(yinOptions);
  const analysisFrame = frameSize / factor;
  // decimated audio for pitch: the last `history` samples before the current frame, then the frame
  const decimated = new Float32Array(history + analysisFrame);
  const scratch = new Float64Array(Math.ceil(yinOptions.sampleRate / yinOptions.minHz) + 2);
  const pending = new Float32Array(frameSize);
  const vowelBand = createBandPass(
    settings.pitch.analysisRate,
    settings.syllables.vowelBandHz[0],
    settings.syllables.vowelBandHz[1],
  );
  const vowelEnvelope = createSmoother(settings.pitch.analysisRate, settings.syllables.envelopeHz);
  const vowel = new Float32Array(analysisFrame);
  // above the analysis rate's Nyquist frequency, sound would fold back into the band: filtered out before decimating
  const antiAlias =
    factor > 1 ? createButterworthLowPass(sampleRate, settings.pitch.antiAliasHz, settings.pitch.antiAliasOrder) : null;
  const analysisSub = subSize / factor;
  let filled = 0;
  let index = 0;
  // a frame's pitch window ends about 30 ms after its centre, so each frame waits for the next one's samples
  let held: Frame | null = null;

  function completeFrame(): Frame | null {
    decimated.copyWithin(0, analysisFrame);
    for (let i = 0; i < analysisFrame; i++) {
      let x = pending[i * factor]!;
      if (antiAlias) for (let k = 0; k < factor; k++) x = antiAlias(pending[i * factor + k]!);
      decimated[history + i] = x;
      const band = vowelBand(x);
      vowel[i] = vowelEnvelope(band * band);
    }
    const vowelLevelsDb: number[] = [];
    for (let s = 0; s + analysisSub <= analysisFrame; s += analysisSub)
      vowelLevelsDb.push(meanPowerDb(vowel, s, s + analysisSub));
    const subLevelsDb: number[] = [];
    // loudness on the analysis band too: 8 and 16 kHz recordings of one call find the same speech
    for (let s = history; s + analysisSub <= decimated.length; s += analysisSub)
      subLevelsDb.push(levelDb(decimated, s, s + analysisSub));
    const level = levelDb(decimated, history, decimated.length);
    const start = (index * frameSize) / sampleRate;
    index++;
    const frame: Frame = {
      start,
      end: (index * frameSize) / sampleRate,
      levelDb: level,
      subLevelsDb,
      vowelLevelsDb,
      hz: null,
      aperiodicity: null,
    };
    const done = held;
    if (done && Math.max(done.levelDb, level) > settings.activity.minLevelDb) {
      const pitch = yin(decimated, decimated.length, yinOptions, scratch);
      done.aperiodicity = pitch?.aperiodicity ?? null;
      done.hz = pitch && pitch.aperiodicity <= settings.pitch.voicedCeiling ? pitch.hz : null;
    }
    held = frame;
    return done;
  }

  return {
    sampleRate,
    push(samples) {
      const frames: Frame[] = [];
      let offset = 0;
      while (offset < samples.length) {
        const take = Math.min(frameSize - filled, samples.length - offset);
        pending.set(samples.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === frameSize) {
          const done = completeFrame();
          if (done) frames.push(done);
          filled = 0;
        }
      }
      return frames;
    },
    flush() {
      const last = held;
      held = null;
      return last ? [last] : [];
    },
  };
}

/** Mean of `power[start, end)` in dB; -100 for silence (a low-passed power can dip just below zero). */
function meanPowerDb(power: Float32Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += power[i]!;
  const mean = sum / Math.max(1, end - start);
  return mean > 1e-10 ? 10 * Math.log10(mean) : -100;
}

/** All the frames of a whole recording. */
export function framesOf(samples: Float32Array, sampleRate: number, settings: ProsodySettings): Frame[] {
  const tracker = createFrameTracker(sampleRate, settings);
  return [...tracker.push(samples), ...tracker.flush()];
}
