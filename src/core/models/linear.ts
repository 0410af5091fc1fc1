import type { Driver } from './types.ts';
import { columnCount, type Head, type LinearArtefact } from './artefact.ts';
import { createFeaturizer, type Features } from './featurize.ts';
import { addPackedRows, packColumns } from './packed.ts';

export interface LabelScore {
  label: string;
  probability: number;
  fired: boolean;
}

/**
 * Every column's calibrated probability and firing decisions for one text (buffers reused per call).
 * `passed` is the threshold alone; `fired` adds the head's at-least-one rule (only for full scoring).
 */
export interface ColumnScores {
  probability: Float64Array;
  passed: Uint8Array;
  fired: Uint8Array;
}

/** Inference over a loaded linear artefact. Keeps the last text's scores, so several heads cost one pass. */
export interface LinearModel {
  artefact: Omit<LinearArtefact, 'weights'>;
  /** How many columns are prioritised (they come first). */
  prioritised: number;
  /** Internal index of a head's label, or -1. Prioritised columns come first. */
  column(head: string, label: string): number;
  /** Scores all columns, or (`prioritisedOnly`) just the prioritised ones: the engine's fast path. */
  score(text: string, prioritisedOnly?: boolean): ColumnScores;
  /** Calibrated probabilities and firing decisions of one head. */
  predictHead(text: string, head: string): LabelScore[];
  /** The token spans pushing one column's score up the most, strongest first. */
  drivers(text: string, column: number, limit?: number): Driver[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** A letter, a digit or a symbol such as an emoji: what makes a token readable evidence. */
const READABLE = /[\p{L}\p{N}\p{S}]/u;

/**
 * Builds a model from a validated artefact and its decoded weights (rows = buckets, columns = all
 * labels in head order). `prioritise` lists [head, label] pairs moved to the front of each row,
 * so a caller needing only those pays for only those.
 */
export function createLinearModel(artefact: Omit<LinearArtefact, 'weights'>, stored: Int8Array, prioritise: [string, string][] = []): LinearModel {
  const featurizer = createFeaturizer(artefact.featurizer);
  const columns = columnCount(artefact.heads);
  if (stored.length !== featurizer.buckets * columns) {
    throw new Error(`weights hold ${stored.length} values, expected ${featurizer.buckets} buckets x ${columns} labels`);
  }
  const original: { head: number; label: number }[] = artefact.heads.flatMap((h, head) => h.labels.map((_, label) => ({ head, label })));
  const key = (head: number, label: number) => `${head}:${label}`;
  const wanted = new Set(prioritise.map(([h, l]) => {
    const head = artefact.heads.findIndex((x) => x.name === h);
    return head >= 0 ? key(head, artefact.heads[head]!.labels.indexOf(l)) : '';
  }));
  const order = [...original.keys()].sort((a, b) => {
    const pa = wanted.has(key(original[a]!.head, original[a]!.label)) ? 0 : 1;
    const pb = wanted.has(key(original[b]!.head, original[b]!.label)) ? 0 : 1;
    return pa - pb || a - b;
  });
  const prioritised = order.filter((c) => wanted.has(key(original[c]!.head, original[c]!.label))).length;
  const weights = order.every((c, i) => c === i) ? stored : permute(stored, order, featurizer.buckets);
  const at = (c: number) => original[order[c]!]!;
  const param = (pick: (h: Head, l: number) => number) => Float64Array.from(order.keys(), (c) => pick(artefact.heads[at(c).head]!, at(c).label));
  const bias = param((h, l) => h.bias[l]!);
  const scale = param((h, l) => h.scale[l]!);
  const platA = param((h, l) => h.calibration[l]![0]);
  const platB = param((h, l) => h.calibration[l]![1]);
  const threshold = param((h, l) => h.thresholds[l]!);
  const headColumns = artefact.heads.map((head, h) => ({ head, columns: head.labels.map((_, l) => order.findIndex((c) => original[c]!.head === h && original[c]!.label === l)) }));

  const sums = new Int32Array(columns);
  const packed = prioritised > 0 ? packColumns(weights, columns, prioritised, featurizer.buckets) : null;
  const packedAcc = new Float64Array(packed?.width ?? 0);
  const scores: ColumnScores = { probability: new Float64Array(columns), passed: new Uint8Array(columns), fired: new Uint8Array(columns) };
  let lastText: string | null = null;
  let scored = 0;
  let features: Features | null = null;
  let norm = 0;
  let perToken = new Float64Array(64);

  const score = (text: string, prioritisedOnly = false): ColumnScores => {
    const upTo = prioritisedOnly ? prioritised : columns;
    if (text === lastText && scored >= upTo) return scores;
    features = featurizer.featurize(text);
    sums.fill(0);
    const { index, count } = features;
    if (packed && upTo === prioritised) addPackedRows(packed, index, count, sums, prioritised, packedAcc);
    else {
      for (let i = 0; i < count; i++) {
        const row = index[i]! * columns;
        for (let c = 0; c < upTo; c++) sums[c]! += weights[row + c]!;
      }
    }
    norm = count > 0 ? 1 / Math.sqrt(count) : 0;
    const { probability, passed, fired } = scores;
    for (let c = 0; c < upTo; c++) {
      const p = sigmoid(platA[c]! * (bias[c]! + norm * scale[c]! * sums[c]!) + platB[c]!);
      probability[c] = p;
      passed[c] = fired[c] = p >= threshold[c]! ? 1 : 0;
    }
    if (upTo === columns) {
      for (const { head, columns: cols } of headColumns) {
        if (!head.atLeastOne || cols.some((c) => passed[c])) continue;
        let nearest = cols[0]!;
        for (const c of cols) if (probability[c]! / threshold[c]! > probability[nearest]! / threshold[nearest]!) nearest = c;
        fired[nearest] = 1;
      }
    }
    lastText = text;
    scored = upTo;
    return scores;
  };

  return {
    artefact,
    prioritised,
    score,
    column(name, label) {
      const found = headColumns.find((h) => h.head.name === name);
      const l = found ? found.head.labels.indexOf(label) : -1;
      return found && l >= 0 ? found.columns[l]! : -1;
    },
    predictHead(text, name) {
      const found = headColumns.find((h) => h.head.name === name);
      if (!found) throw new Error(`model has no head "${name}"`);
      const { probability, fired } = score(text);
      return found.head.labels.map((label, l) => ({ label, probability: probability[found.columns[l]!]!, fired: fired[found.columns[l]!] === 1 }));
    },
    drivers(text, column, limit = 3) {
      if (text !== lastText) score(text, true);
      const f = features!;
      const factor = norm * scale[column]!;
      if (perToken.length < f.tokenCount) perToken = new Float64Array(f.tokenCount * 2);
      perToken.fill(0, 0, f.tokenCount);
      for (let i = 0; i < f.count; i++) {
        const contribution = weights[f.index[i]! * columns + column]! * factor;
        const a = f.tokenA[i]!;
        const b = f.tokenB[i]!;
        if (a === b) perToken[a]! += contribution;
        else { perToken[a]! += contribution / 2; perToken[b]! += contribution / 2; }
      }
      // the top `limit` positive tokens in one pass (ties: earlier token first); bare punctuation is no evidence a
      // person can read, so it is passed over. One pass, not a scan per pick: 100,000 "!?" must stay linear.
      const ranked: number[] = [];
      for (let t = 0; t < f.tokenCount; t++) {
        const weight = perToken[t]!;
        if (!(weight > 0) || (ranked.length === limit && weight <= perToken[ranked[limit - 1]!]!)) continue;
        if (!READABLE.test(text.slice(f.tokenStart[t]!, f.tokenEnd[t]!))) continue;
        let at = ranked.length;
        while (at > 0 && perToken[ranked[at - 1]!]! < weight) at--;
        ranked.splice(at, 0, t);
        if (ranked.length > limit) ranked.pop();
      }
      return ranked.map((t) => ({ start: f.tokenStart[t]!, end: f.tokenEnd[t]!, weight: perToken[t]! }));
    },
  };
}

/** Reorders every row's columns so column i holds what `order[i]` held. */
function permute(weights: Int8Array, order: number[], buckets: number): Int8Array {
  const columns = order.length;
  const out = new Int8Array(weights.length);
  for (let b = 0; b < buckets; b++) {
    const row = b * columns;
    for (let c = 0; c < columns; c++) out[row + c] = weights[row + order[c]!]!;
  }
  return out;
}
