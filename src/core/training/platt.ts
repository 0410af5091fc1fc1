/**
 * Platt scaling: a and b such that sigmoid(a * logit + b) is calibrated on held-out data.
 * Newton's method on the log-loss with Platt's smoothed targets (robust for rare labels).
 */
export function fitPlatt(logits: ArrayLike<number>, gold: ArrayLike<number>): [number, number] {
  let positives = 0;
  for (let i = 0; i < gold.length; i++) positives += gold[i]! ? 1 : 0;
  const negatives = gold.length - positives;
  if (positives === 0 || negatives === 0) return [1, 0];
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0,
      gb = 0,
      haa = 1e-9,
      hab = 0,
      hbb = 1e-9;
    for (let i = 0; i < logits.length; i++) {
      const z = logits[i]!;
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const d = p - (gold[i]! ? hi : lo);
      const w = p * (1 - p);
      ga += d * z;
      gb += d;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-7) break;
  }
  return [a, b];
}
