import type { Head } from '../models/artefact.ts';
import { createFeaturizer, type FeaturizerParams } from '../models/featurize.ts';
import { multiLabelF1, tuneThreshold } from './metrics.ts';
import { fitPlatt } from './platt.ts';
import { createRandom, shuffle } from './prng.ts';
import { stack } from './stack.ts';

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
  /** Up-weights a label's positives by sqrt(negatives/positives), capped: rare labels get heard (per head by name, or for all). */
  maxPositiveWeight?: number | Record<string, number>;
  /** Independently shuffled runs whose weights are averaged (seeds seed, seed+1, ...); default 1. */
  runs?: number;
  /**
   * After the epochs, stackers, calibration and thresholds are chosen on the held-out slice,
   * train again on every text (held-out included) for each head's chosen number of epochs.
   */
  refit?: boolean;
  /** Judge and keep the running mean of the weights over epochs rather than the last epoch's. */
  averageEpochs?: boolean;
  /**
   * Heads whose final weights are a logistic regression over every head's logits, fit on the
   * held-out slice (calibration and thresholds from its out-of-fold logits); folded back into
   * one weight column per label, so inference costs the same.
   */
  stacked?: string[];
  /** L2 penalty of those stackers (on the summed log-loss). */
  stackL2?: number;
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

interface Encoded {
  flat: Int32Array;
  offsets: Int32Array;
}

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
function logitsOf(
  enc: Encoded,
  rows: Int32Array,
  columns: number,
  weightAt: (i: number) => number,
  bias: ArrayLike<number>,
  scale?: ArrayLike<number>,
): Float64Array[] {
  const out = Array.from({ length: columns }, () => new Float64Array(rows.length));
  const sums = new Float64Array(columns);
  rows.forEach((e, r) => {
    sums.fill(0);
    const start = enc.offsets[e]!,
      end = enc.offsets[e + 1]!;
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
  const tuned = probabilities.map((p, l) =>
    tuneThreshold(
      p,
      Uint8Array.from(gold, (g) => g[l]!),
    ),
  );
  const predicted = gold.map((_, r) => {
    const row = new Uint8Array(spec.labels.length);
    let any = false,
      best = 0,
      bestRatio = -1;
    for (let l = 0; l < row.length; l++) {
      const p = probabilities[l]![r]!,
        t = tuned[l]!.threshold;
      if (p >= t) {
        row[l] = 1;
        any = true;
      }
      if (p / t > bestRatio) {
        bestRatio = p / t;
        best = l;
      }
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

  const runs = Math.max(1, options.runs ?? 1);
  const trained = Array.from({ length: runs }, (_, r) => {
    if (runs > 1) log(` run ${r + 1} of ${runs}`);
    return trainRun(
      enc,
      specs,
      train,
      heldOut,
      buckets,
      r === 0 ? random : createRandom(options.seed + r),
      options,
      log,
    );
  });
  const state = trained[0]!;
  if (runs > 1) {
    // averaging the runs' weights averages their logits: an ensemble that costs one model at inference
    for (const [h, s] of state.entries()) {
      const w = s.best.w.slice(),
        bias = s.best.bias.slice();
      for (const other of trained.slice(1)) {
        const o = other[h]!.best;
        for (let i = 0; i < w.length; i++) w[i]! += o.w[i]!;
        for (let l = 0; l < s.L; l++) bias[l]! += o.bias[l]!;
      }
      for (let i = 0; i < w.length; i++) w[i]! /= runs;
      for (let l = 0; l < s.L; l++) bias[l]! /= runs;
      s.best = { ...s.best, w, bias };
      const logits = logitsOf(enc, heldOut, s.L, (i) => w[i]!, bias);
      const f1 = tunedFigures(
        logits.map((z) => z.map(sigmoid)),
        Array.from(heldOut, (e) => s.spec.targets[e]!),
        s.spec,
      ).macroF1;
      log(
        `  ${s.spec.name} mean of ${runs} runs: held-out macro-F1 ${f1.toFixed(4)} (runs ${trained.map((t) => t[h]!.best.f1.toFixed(4)).join(', ')})`,
      );
    }
  }

  const stackers =
    options.stacked?.length && tunedOn === 'held-out'
      ? stackHeads(state, enc, heldOut, buckets, options, log)
      : new Map<string, Stacker>();
  // calibration and thresholds come from the held-out logits of the weights chosen on it (stacked: out of fold)
  const tuning = state.map(
    (s) => stackers.get(s.spec.name)?.outOfFold ?? quantizedLogits(enc, heldOut, s.L, s.best.w, s.best.bias, buckets),
  );
  if (options.refit && tunedOn === 'held-out') {
    log(
      ` refit on all ${texts.length} texts for the chosen epochs (${state.map((s) => `${s.spec.name} ${s.best.epoch}`).join(', ')})`,
    );
    const again = trainRun(
      enc,
      specs,
      order,
      heldOut,
      buckets,
      random,
      options,
      log,
      state.map((s) => s.best.epoch),
    );
    const refitted = again.map((s) => ({ L: s.L, ...s.best }));
    for (const [h, s] of state.entries()) {
      const stacker = stackers.get(s.spec.name);
      s.best = {
        ...s.best,
        ...(stacker
          ? fold(stacker.coefficients, refitted, buckets, s.L)
          : { w: refitted[h]!.w, bias: refitted[h]!.bias }),
      };
    }
  }

  const columns = specs.reduce((n, s) => n + s.labels.length, 0);
  const weights = new Int8Array(buckets * columns);
  const heads: Head[] = [];
  const figures: FitResult['heldOut'] = {};
  let at = 0;
  for (const s of state) {
    const { L } = s;
    const { bias } = s.best;
    const { q, scale } = quantize(s.best.w, L, buckets);
    for (let b = 0; b < buckets; b++) {
      for (let l = 0; l < L; l++) weights[b * columns + at + l] = q[b * L + l]!;
    }
    const gold = Array.from(heldOut, (e) => s.spec.targets[e]!);
    const logits = tuning[state.indexOf(s)]!;
    const calibration = logits.map((z, l) =>
      fitPlatt(
        z,
        Uint8Array.from(gold, (g) => g[l]!),
      ),
    );
    const probabilities = logits.map((z, l) => z.map((x) => sigmoid(calibration[l]![0] * x + calibration[l]![1])));
    const tuned = tunedFigures(probabilities, gold, s.spec);
    figures[s.spec.name] = { macroF1: tuned.macroF1, perLabel: tuned.perLabel, epochs: s.best.epoch };
    heads.push({
      name: s.spec.name,
      labels: s.spec.labels,
      bias: Array.from(bias),
      scale,
      calibration,
      thresholds: tuned.thresholds,
      atLeastOne: s.spec.atLeastOne,
    });
    at += L;
  }
  return { heads, weights, trainCount: train.length, heldOutCount: heldOut.length, tunedOn, heldOut: figures };
}

interface Stacker {
  coefficients: Float64Array[];
  outOfFold: Float64Array[];
}
interface Source {
  L: number;
  w: Float32Array;
  bias: Float64Array;
}

/** One weight column per stacked label: its stacker's coefficients applied to the sources' weights and biases. */
function fold(
  coefficients: Float64Array[],
  sources: Source[],
  buckets: number,
  L: number,
): { w: Float32Array; bias: Float64Array } {
  const w = new Float32Array(buckets * L);
  const bias = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const a = coefficients[l]!;
    let c = 0;
    bias[l] = a[a.length - 1]!;
    for (const source of sources) {
      for (let k = 0; k < source.L; k++, c++) {
        const ac = a[c]!;
        bias[l]! += ac * source.bias[k]!;
        for (let b = 0; b < buckets; b++) w[b * L + l]! += ac * source.w[b * source.L + k]!;
      }
    }
  }
  return { w, bias };
}

/** int8 weights with a per-label scale (the largest magnitude maps to 127). */
function quantize(w: Float32Array, L: number, buckets: number): { q: Int8Array; scale: number[] } {
  const scale = Array.from({ length: L }, (_, l) => {
    let max = 0;
    for (let b = 0; b < buckets; b++) max = Math.max(max, Math.abs(w[b * L + l]!));
    return max > 0 ? max / 127 : 1;
  });
  const q = new Int8Array(buckets * L);
  for (let b = 0; b < buckets; b++) for (let l = 0; l < L; l++) q[b * L + l] = Math.round(w[b * L + l]! / scale[l]!);
  return { q, scale };
}

/** Logits of the held-out rows as the shipped (quantized) weights will give them. */
function quantizedLogits(
  enc: Encoded,
  rows: Int32Array,
  L: number,
  w: Float32Array,
  bias: Float64Array,
  buckets: number,
): Float64Array[] {
  const { q, scale } = quantize(w, L, buckets);
  return logitsOf(enc, rows, L, (i) => q[i]!, bias, scale);
}

interface TrainedHead {
  spec: HeadSpec;
  L: number;
  best: { w: Float32Array; bias: Float64Array };
}

/**
 * Replaces the `options.stacked` heads' weights by their stackers folded into the features:
 * sum_c a_c (bias_c + v w_c) + a_0 is linear in the same features. Returns each stacked head's
 * out-of-fold held-out logits, for calibration and thresholds.
 */
function stackHeads(
  state: TrainedHead[],
  enc: Encoded,
  heldOut: Int32Array,
  buckets: number,
  options: FitOptions,
  log: (m: string) => void,
): Map<string, Stacker> {
  const base = state.map((s) => logitsOf(enc, heldOut, s.L, (i) => s.best.w[i]!, s.best.bias));
  const inputs = Array.from(heldOut, (_, r) => Float64Array.from(base.flatMap((head) => head.map((z) => z[r]!))));
  const fitted = state
    .filter((s) => options.stacked!.includes(s.spec.name))
    .map((s) => {
      const gold = Array.from(heldOut, (e) => s.spec.targets[e]!);
      return { s, gold, ...stack(inputs, gold, s.L, options.stackL2 ?? 1) };
    });
  const sources = state.map((source) => ({ L: source.L, ...source.best }));
  const out = new Map<string, Stacker>();
  for (const { s, gold, coefficients, outOfFold } of fitted) {
    const { w, bias } = fold(coefficients, sources, buckets, s.L);
    const direct = tunedFigures(
      base[state.indexOf(s)]!.map((z) => z.map(sigmoid)),
      gold,
      s.spec,
    ).macroF1;
    const stacked = tunedFigures(
      outOfFold.map((z) => z.map(sigmoid)),
      gold,
      s.spec,
    ).macroF1;
    log(
      `  ${s.spec.name} stacked over every head: held-out macro-F1 ${stacked.toFixed(4)} out of fold (direct head ${direct.toFixed(4)}, tuned in sample)`,
    );
    s.best = { ...s.best, w, bias };
    out.set(s.spec.name, { coefficients, outOfFold });
  }
  return out;
}

interface RunState extends TrainedHead {
  w: Float32Array;
  g: Float32Array;
  mean: Float32Array | null;
  meanBias: Float64Array;
  bias: Float64Array;
  gBias: Float64Array;
  best: { f1: number; epoch: number; w: Float32Array; bias: Float64Array };
  done: boolean;
  z: Float64Array;
  grad: Float64Array;
  positiveWeight: Float64Array;
}

/** One run of Adagrad over every head, each stopped early on the held-out slice; shuffles with `random`. */
function trainRun(
  enc: Encoded,
  specs: HeadSpec[],
  train: Int32Array,
  heldOut: Int32Array,
  buckets: number,
  random: () => number,
  options: FitOptions,
  log: (m: string) => void,
  fixedEpochs?: number[],
): RunState[] {
  train = train.slice();
  const state: RunState[] = specs.map((spec) => {
    const L = spec.labels.length;
    return {
      spec,
      L,
      w: new Float32Array(buckets * L),
      g: new Float32Array(buckets * L),
      mean: options.averageEpochs ? new Float32Array(buckets * L) : null,
      meanBias: new Float64Array(L),
      bias: new Float64Array(L),
      gBias: new Float64Array(L),
      best: { f1: -1, epoch: 0, w: new Float32Array(0), bias: new Float64Array(0) },
      done: false,
      z: new Float64Array(L),
      grad: new Float64Array(L),
      positiveWeight: positiveWeights(
        spec.targets,
        train,
        (typeof options.maxPositiveWeight === 'number'
          ? options.maxPositiveWeight
          : options.maxPositiveWeight?.[spec.name]) ?? 1,
      ),
    };
  });
  const { learningRate: lr, l2 } = options;

  for (let epoch = 1; epoch <= options.maxEpochs && state.some((s) => !s.done); epoch++) {
    shuffle(train, random);
    for (const e of train) {
      const start = enc.offsets[e]!,
        end = enc.offsets[e + 1]!;
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
    for (const [h, s] of state.entries()) {
      if (s.done) continue;
      let w = s.w,
        bias = s.bias;
      if (s.mean) {
        // running mean over epochs: mean += (w - mean) / epoch
        const mean = s.mean;
        for (let i = 0; i < mean.length; i++) mean[i]! += (s.w[i]! - mean[i]!) / epoch;
        for (let l = 0; l < s.L; l++) s.meanBias[l]! += (s.bias[l]! - s.meanBias[l]!) / epoch;
        w = mean;
        bias = s.meanBias;
      }
      if (fixedEpochs) {
        if (epoch >= fixedEpochs[h]!) s.best = { f1: Number.NaN, epoch, w: w.slice(), bias: bias.slice() };
        s.done = epoch >= fixedEpochs[h]!;
        continue;
      }
      const logits = logitsOf(enc, heldOut, s.L, (i) => w[i]!, bias);
      const figures = tunedFigures(
        logits.map((z) => z.map(sigmoid)),
        Array.from(heldOut, (e) => s.spec.targets[e]!),
        s.spec,
      );
      log(`  ${s.spec.name} epoch ${epoch}: held-out macro-F1 ${figures.macroF1.toFixed(4)}`);
      if (figures.macroF1 > s.best.f1) s.best = { f1: figures.macroF1, epoch, w: w.slice(), bias: bias.slice() };
      else if (epoch - s.best.epoch >= options.patience) s.done = true;
    }
  }

  return state;
}
