import type { Head } from '../../src/core/models/artefact.ts';
import { createFeaturizer, type FeaturizerParams } from '../../src/core/models/featurize.ts';
import { multiLabelF1, tuneThreshold } from './metrics.ts';
import { fitPlatt } from './platt.ts';
import { createRandom, shuffle } from './prng.ts';

/** One head to learn: its labels and, per training text, a 0/1 row of targets. */
export interface HeadSpec {
  name: string;
  labels: string[];
  targets: Uint8Array[];
  atLeastOne: boolean;
}

export interface FitOptions {
  featurizer: FeaturizerParams;
  seed: number;
  /** Share of the texts kept aside to pick the epoch, calibrate and tune thresholds. */
  heldOutFraction: number;
  maxEpochs: number;
  patience: number;
  learningRate: number;
  /** L2 penalty, applied to the weights each example touches (so frequent features shrink more). */
  l2: number;
  /** Up-weights a label's positives by sqrt(negatives/positives), capped: rare labels get heard. */
  maxPositiveWeight?: number;
  /** Judge and keep the running mean of the weights over epochs rather than the last epoch's. */
  averageEpochs?: boolean;
  log?: (message: string) => void;
}

export interface FitResult {
  heads: Head[];
  weights: Int8Array;
  trainCount: number;
  heldOutCount: number;
  /** Where calibration and thresholds came from: a held-out slice, or the training texts when too few. */
  tunedOn: 'held-out' | 'train';
  heldOut: Record<string, { macroF1: number; perLabel: Record<string, number>; epochs: number }>;
}

/** Below this many held-out texts the thresholds would be noise; tune on the training texts instead. */
const MIN_HELD_OUT = 30;

interface Encoded { flat: Int32Array; offsets: Int32Array }

function encode(texts: string[], params: FeaturizerParams): Encoded {
  const featurizer = createFeaturizer(params);
  const chunks: Int32Array[] = [];
  const offsets = new Int32Array(texts.length + 1);
  let total = 0;
  texts.forEach((text, i) => {
    const f = featurizer.featurize(text);
    chunks.push(f.index.slice(0, f.count));
    total += f.count;
    offsets[i + 1] = total;
  });
  const flat = new Int32Array(total);
  chunks.forEach((c, i) => flat.set(c, offsets[i]!));
  return { flat, offsets };
}

/** Float logits of one head for the given examples. */
function logitsOf(enc: Encoded, rows: Int32Array, columns: number, weightAt: (i: number) => number, bias: ArrayLike<number>, scale?: ArrayLike<number>): Float64Array[] {
  const out = Array.from({ length: columns }, () => new Float64Array(rows.length));
  const sums = new Float64Array(columns);
  rows.forEach((e, r) => {
    sums.fill(0);
    const start = enc.offsets[e]!, end = enc.offsets[e + 1]!;
    for (let k = start; k < end; k++) {
      const row = enc.flat[k]! * columns;
      for (let l = 0; l < columns; l++) sums[l]! += weightAt(row + l);
    }
    const v = end > start ? 1 / Math.sqrt(end - start) : 0;
    for (let l = 0; l < columns; l++) out[l]![r] = bias[l]! + v * (scale ? scale[l]! : 1) * sums[l]!;
  });
  return out;
}

/** Macro-F1 of probabilities per label with tuned thresholds and the head's at-least-one rule. */
function tunedFigures(probabilities: Float64Array[], gold: Uint8Array[], spec: HeadSpec) {
  const tuned = probabilities.map((p, l) => tuneThreshold(p, Uint8Array.from(gold, (g) => g[l]!)));
  const predicted = gold.map((_, r) => {
    const row = new Uint8Array(spec.labels.length);
    let any = false, best = 0, bestRatio = -1;
    for (let l = 0; l < row.length; l++) {
      const p = probabilities[l]![r]!, t = tuned[l]!.threshold;
      if (p >= t) { row[l] = 1; any = true; }
      if (p / t > bestRatio) { bestRatio = p / t; best = l; }
    }
    if (!any && spec.atLeastOne) row[best] = 1;
    return row;
  });
  return { thresholds: tuned.map((t) => t.threshold), ...multiLabelF1(predicted, gold, spec.labels) };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function positiveWeights(targets: Uint8Array[], rows: Int32Array, cap: number): Float64Array {
  const L = targets[0]?.length ?? 0;
  const positives = new Float64Array(L);
  for (const e of rows) for (let l = 0; l < L; l++) positives[l]! += targets[e]![l]!;
  return positives.map((p) => (p > 0 ? Math.min(cap, Math.max(1, Math.sqrt((rows.length - p) / p))) : 1));
}

/** Trains one-vs-rest logistic heads with Adagrad over shared hashed features; deterministic for a seed. */
export function fit(texts: string[], specs: HeadSpec[], options: FitOptions): FitResult {
  const log = options.log ?? (() => {});
  const buckets = 1 << options.featurizer.log2Buckets;
  const enc = encode(texts, options.featurizer);
  const order = Int32Array.from({ length: texts.length }, (_, i) => i);
  const random = createRandom(options.seed);
  shuffle(order, random);
  const heldOutSize = Math.floor(texts.length * options.heldOutFraction);
  const tunedOn = heldOutSize >= MIN_HELD_OUT ? 'held-out' : 'train';
  const heldOut = tunedOn === 'held-out' ? order.slice(0, heldOutSize) : order.slice();
  const train = tunedOn === 'held-out' ? order.slice(heldOutSize) : order.slice();

  const state = specs.map((spec) => {
    const L = spec.labels.length;
    return {
      spec, L,
      w: new Float32Array(buckets * L), g: new Float32Array(buckets * L),
      mean: options.averageEpochs ? new Float32Array(buckets * L) : null, meanBias: new Float64Array(L),
      bias: new Float64Array(L), gBias: new Float64Array(L),
      best: { f1: -1, epoch: 0, w: new Float32Array(0), bias: new Float64Array(0) },
      done: false,
      z: new Float64Array(L), grad: new Float64Array(L),
      positiveWeight: positiveWeights(spec.targets, train, options.maxPositiveWeight ?? 1),
    };
  });
  const { learningRate: lr, l2 } = options;

  for (let epoch = 1; epoch <= options.maxEpochs && state.some((s) => !s.done); epoch++) {
    shuffle(train, random);
    for (const e of train) {
      const start = enc.offsets[e]!, end = enc.offsets[e + 1]!;
      if (end === start) continue;
      const v = 1 / Math.sqrt(end - start);
      for (const s of state) {
        if (s.done) continue;
        const { L, w, g, z, grad } = s;
        const y = s.spec.targets[e]!;
        z.set(s.bias);
        for (let k = start; k < end; k++) {
          const row = enc.flat[k]! * L;
          for (let l = 0; l < L; l++) z[l]! += v * w[row + l]!;
        }
        for (let l = 0; l < L; l++) {
          grad[l] = y[l] ? (sigmoid(z[l]!) - 1) * s.positiveWeight[l]! : sigmoid(z[l]!);
          s.gBias[l]! += grad[l]! * grad[l]!;
          s.bias[l]! -= (lr * grad[l]!) / Math.sqrt(s.gBias[l]! + 1e-8);
        }
        for (let k = start; k < end; k++) {
          const row = enc.flat[k]! * L;
          for (let l = 0; l < L; l++) {
            const i = row + l;
            const d = grad[l]! * v + l2 * w[i]!;
            g[i]! += d * d;
            w[i]! -= (lr * d) / Math.sqrt(g[i]! + 1e-8);
          }
        }
      }
    }
    for (const s of state) {
      if (s.done) continue;
      let w = s.w, bias = s.bias;
      if (s.mean) {
        // running mean over epochs: mean += (w - mean) / epoch
        const mean = s.mean;
        for (let i = 0; i < mean.length; i++) mean[i]! += (s.w[i]! - mean[i]!) / epoch;
        for (let l = 0; l < s.L; l++) s.meanBias[l]! += (s.bias[l]! - s.meanBias[l]!) / epoch;
        w = mean; bias = s.meanBias;
      }
      const logits = logitsOf(enc, heldOut, s.L, (i) => w[i]!, bias);
      const figures = tunedFigures(logits.map((z) => z.map(sigmoid)), Array.from(heldOut, (e) => s.spec.targets[e]!), s.spec);
      log(`  ${s.spec.name} epoch ${epoch}: held-out macro-F1 ${figures.macroF1.toFixed(4)}`);
      if (figures.macroF1 > s.best.f1) s.best = { f1: figures.macroF1, epoch, w: w.slice(), bias: bias.slice() };
      else if (epoch - s.best.epoch >= options.patience) s.done = true;
    }
  }

  const columns = specs.reduce((n, s) => n + s.labels.length, 0);
  const weights = new Int8Array(buckets * columns);
  const heads: Head[] = [];
  const figures: FitResult['heldOut'] = {};
  let at = 0;
  for (const s of state) {
    const { L } = s;
    const { w, bias } = s.best;
    const scale = Array.from({ length: L }, (_, l) => {
      let max = 0;
      for (let b = 0; b < buckets; b++) max = Math.max(max, Math.abs(w[b * L + l]!));
      return max > 0 ? max / 127 : 1;
    });
    for (let b = 0; b < buckets; b++) {
      for (let l = 0; l < L; l++) weights[b * columns + at + l] = Math.round(w[b * L + l]! / scale[l]!);
    }
    const gold = Array.from(heldOut, (e) => s.spec.targets[e]!);
    const offset = at;
    const logits = logitsOf(enc, heldOut, L, (i) => weights[(i / L | 0) * columns + offset + (i % L)]!, bias, scale);
    const calibration = logits.map((z, l) => fitPlatt(z, Uint8Array.from(gold, (g) => g[l]!)));
    const probabilities = logits.map((z, l) => z.map((x) => sigmoid(calibration[l]![0] * x + calibration[l]![1])));
    const tuned = tunedFigures(probabilities, gold, s.spec);
    figures[s.spec.name] = { macroF1: tuned.macroF1, perLabel: tuned.perLabel, epochs: s.best.epoch };
    heads.push({
      name: s.spec.name, labels: s.spec.labels, bias: Array.from(bias), scale, calibration,
      thresholds: tuned.thresholds, atLeastOne: s.spec.atLeastOne,
    });
    at += L;
  }
  return { heads, weights, trainCount: train.length, heldOutCount: heldOut.length, tunedOn, heldOut: figures };
}
