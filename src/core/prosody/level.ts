/** Root-mean-square level of `signal[start, end)` in dB relative to full scale; -100 for digital silence. */
export function levelDb(signal: Float32Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += signal[i]! * signal[i]!;
  const mean = sum / Math.max(1, end - start);
  return mean > 1e-10 ? 10 * Math.log10(mean) : -100;
}
