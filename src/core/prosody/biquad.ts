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
  return biquad(...lowPassCoefficients(sampleRate, cutoffHz, Math.SQRT1_2));
}

/**
 * A Butterworth low-pass of even `order` as a cascade of second-order sections (one pole pair each), with its state
 * in typed arrays: steep enough to keep what lies above the new Nyquist frequency out before decimating.
 */
export function createButterworthLowPass(sampleRate: number, cutoffHz: number, order: number) {
  if (!Number.isInteger(order) || order < 2 || order % 2) throw new Error(`filter order ${order} is not even`);
  const sections = order / 2;
  const c = new Float64Array(sections * 5);
  for (let k = 0; k < sections; k++) {
    const q = 1 / (2 * Math.cos(((2 * k + 1) * Math.PI) / (2 * order)));
    c.set(lowPassCoefficients(sampleRate, cutoffHz, q), k * 5);
  }
  // per section: x1, x2, y1, y2
  const z = new Float64Array(sections * 4);
  return (x: number): number => {
    let v = x;
    for (let k = 0, i = 0, j = 0; k < sections; k++, i += 5, j += 4) {
      const y = c[i]! * v + c[i + 1]! * z[j]! + c[i + 2]! * z[j + 1]! - c[i + 3]! * z[j + 2]! - c[i + 4]! * z[j + 3]!;
      z[j + 1] = z[j]!;
      z[j] = v;
      z[j + 3] = z[j + 2]!;
      z[j + 2] = y;
      v = y;
    }
    return v;
  };
}

/** RBJ's low-pass with quality `q`: b0, b1, b2, a1, a2 normalised by a0. */
function lowPassCoefficients(
  sampleRate: number,
  cutoffHz: number,
  q: number,
): [number, number, number, number, number] {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRate;
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const b1 = (1 - Math.cos(w0)) / a0;
  return [b1 / 2, b1, b1 / 2, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0];
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

/**
 * Two one-pole low-passes in a row, together 3 dB down at `cutoffHz`: critically damped, so its impulse response is
 * never negative and a smoothed power never rings below zero (a ringing dip would read as a deep valley in dB).
 */
export function createSmoother(sampleRate: number, cutoffHz: number) {
  const poleHz = cutoffHz / Math.sqrt(Math.SQRT2 - 1);
  const a = Math.exp((-2 * Math.PI * poleHz) / sampleRate);
  let y1 = 0;
  let y2 = 0;
  return (x: number): number => {
    y1 = (1 - a) * x + a * y1;
    y2 = (1 - a) * y1 + a * y2;
    return y2;
  };
}
