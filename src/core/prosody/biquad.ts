/** A second-order band-pass filter (RBJ's cookbook, constant 0 dB peak gain) that keeps its state between calls. */
export function createBandPass(sampleRate: number, lowHz: number, highHz: number) {
  const centre = Math.sqrt(lowHz * highHz);
  const w0 = (2 * Math.PI * centre) / sampleRate;
  const q = centre / (highHz - lowHz);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  return biquad(alpha / a0, 0, -alpha / a0, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0);
}

/** A second-order Butterworth low-pass filter (RBJ's cookbook) that keeps its state between calls. */
export function createLowPass(sampleRate: number, cutoffHz: number) {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRate;
  const alpha = Math.sin(w0) / Math.SQRT2;
  const a0 = 1 + alpha;
  const b1 = (1 - Math.cos(w0)) / a0;
  return biquad(b1 / 2, b1, b1 / 2, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0);
}

function biquad(b0: number, b1: number, b2: number, a1: number, a2: number) {
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  return (x: number): number => {
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  };
}
