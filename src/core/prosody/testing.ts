/** A harmonic tone of `hz` during the given bursts (seconds), faint noise elsewhere: planned truth that needs no tools. */
export function toneBursts(rate: number, seconds: number, hz: number, on: [number, number][]): Float32Array {
  const samples = new Float32Array(Math.round(rate * seconds));
  let seed = 7;
  for (let i = 0; i < samples.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const t = i / rate;
    const voiced = on.some(([a, b]) => t >= a && t < b);
    const tone = voiced
      ? 0.3 * Math.sin(2 * Math.PI * hz * t) +
        0.15 * Math.sin(4 * Math.PI * hz * t) +
        0.08 * Math.sin(6 * Math.PI * hz * t)
      : 0;
    samples[i] = tone + 0.003 * (seed / 2 ** 31 - 0.5);
  }
  return samples;
}
