/** A pitch estimate: the fundamental in Hz and how periodic the frame was (0 = perfectly, 1 = noise). */
export interface PitchEstimate {
  hz: number;
  aperiodicity: number;
}

export interface YinOptions {
  sampleRate: number;
  minHz: number;
  maxHz: number;
  /** Integration window in samples. */
  window: number;
  threshold: number;
  voicedCeiling: number;
}

/** Samples YIN needs before `end`: the window plus the longest period. */
export function yinSpan(options: YinOptions): number {
  return options.window + Math.ceil(options.sampleRate / options.minHz) + 1;
}

/**
 * YIN (de Cheveigné & Kawahara 2002) on `signal[end - yinSpan .. end)`: the period is the first lag whose
 * cumulative-mean-normalised difference dips below the threshold, refined by a parabola. Null when unvoiced.
 * Written for the job: it runs on 20 ms frames in a live session, with its scratch array reused.
 */
export function yin(
  signal: Float32Array,
  end: number,
  options: YinOptions,
  scratch: Float64Array,
): PitchEstimate | null {
  const tauMax = Math.ceil(options.sampleRate / options.minHz);
  const tauMin = Math.max(2, Math.floor(options.sampleRate / options.maxHz));
  const start = end - options.window - tauMax - 1;
  if (start < 0 || scratch.length < tauMax + 2) return null;
  const w = options.window;
  const d = scratch;
  d[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= tauMax + 1; tau++) {
    let sum = 0;
    for (let j = start; j < start + w; j++) {
      const diff = signal[j]! - signal[j + tau]!;
      sum += diff * diff;
    }
    running += sum;
    d[tau] = running > 0 ? (sum * tau) / running : 1;
  }
  let tau = -1;
  for (let t = tauMin; t <= tauMax; t++) {
    if (d[t]! < options.threshold) {
      while (t + 1 <= tauMax && d[t + 1]! < d[t]!) t++;
      tau = t;
      break;
    }
  }
  if (tau < 0) {
    // no dip under the threshold: take the deepest one, voiced only if it is clear enough
    let best = tauMin;
    for (let t = tauMin + 1; t <= tauMax; t++) if (d[t]! < d[best]!) best = t;
    if (d[best]! > options.voicedCeiling) return null;
    tau = best;
  }
  const a = d[tau - 1]!;
  const b = d[tau]!;
  const c = d[tau + 1]!;
  const bend = a - 2 * b + c;
  const shift = bend > 0 ? (0.5 * (a - c)) / bend : 0;
  const period = tau + (Math.abs(shift) < 1 ? shift : 0);
  return { hz: options.sampleRate / period, aperiodicity: b };
}
