import type { Driver } from './types.ts';
import { columnCount, type Head, type LinearArtefact } from './artefact.ts';
import { createFeaturizer, type Features } from './featurize.ts';

export interface LabelScore {
  label: string;
  probability: number;
  fired: boolean;
}

/** Inference over a loaded linear artefact. Keeps the last text's scores, so several heads cost one pass. */
export interface LinearModel {
  artefact: Omit<LinearArtefact, 'weights'>;
  /** Calibrated probabilities and firing decisions of one head. */
  predictHead(text: string, head: string): LabelScore[];
  /** The token spans pushing one label's score up the most, strongest first. */
  drivers(text: string, head: string, label: string, limit?: number): Driver[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Builds a model from a validated artefact and its decoded weights (rows = buckets, columns = all labels). */
export function createLinearModel(artefact: Omit<LinearArtefact, 'weights'>, weights: Int8Array): LinearModel {
  const featurizer = createFeaturizer(artefact.featurizer);
  const columns = columnCount(artefact.heads);
  if (weights.length !== featurizer.buckets * columns) {
    throw new Error(`weights hold ${weights.length} values, expected ${featurizer.buckets} buckets x ${columns} labels`);
  }
  const offsets = new Map<string, { head: Head; offset: number }>();
  let offset = 0;
  for (const head of artefact.heads) {
    offsets.set(head.name, { head, offset });
    offset += head.labels.length;
  }
  const sums = new Float64Array(columns);
  let lastText: string | null = null;
  let features: Features | null = null;
  let norm = 0;

  const score = (text: string): Features => {
    if (text === lastText && features) return features;
    features = featurizer.featurize(text);
    sums.fill(0);
    const { index, count } = features;
    for (let i = 0; i < count; i++) {
      const row = index[i]! * columns;
      for (let c = 0; c < columns; c++) sums[c]! += weights[row + c]!;
    }
    norm = count > 0 ? 1 / Math.sqrt(count) : 0;
    lastText = text;
    return features;
  };
  const locate = (name: string) => {
    const found = offsets.get(name);
    if (!found) throw new Error(`model has no head "${name}"`);
    return found;
  };

  return {
    artefact,
    predictHead(text, name) {
      const { head, offset: at } = locate(name);
      score(text);
      const result: LabelScore[] = [];
      let anyFired = false;
      let nearest = 0;
      let nearestRatio = -1;
      for (let l = 0; l < head.labels.length; l++) {
        const logit = head.bias[l]! + norm * head.scale[l]! * sums[at + l]!;
        const [a, b] = head.calibration[l]!;
        const probability = sigmoid(a * logit + b);
        const threshold = head.thresholds[l]!;
        const fired = probability >= threshold;
        anyFired ||= fired;
        const ratio = probability / threshold;
        if (ratio > nearestRatio) { nearestRatio = ratio; nearest = l; }
        result.push({ label: head.labels[l]!, probability, fired });
      }
      if (!anyFired && head.atLeastOne) result[nearest]!.fired = true;
      return result;
    },
    drivers(text, name, label, limit = 3) {
      const { head, offset: at } = locate(name);
      const l = head.labels.indexOf(label);
      if (l < 0) return [];
      const f = score(text);
      const factor = norm * head.scale[l]!;
      const perToken = new Float64Array(f.tokens.length);
      for (let i = 0; i < f.count; i++) {
        const contribution = weights[f.index[i]! * columns + at + l]! * factor;
        const a = f.tokenA[i]!;
        const b = f.tokenB[i]!;
        if (a === b) perToken[a]! += contribution;
        else { perToken[a]! += contribution / 2; perToken[b]! += contribution / 2; }
      }
      const ranked: number[] = [];
      for (let t = 0; t < perToken.length; t++) if (perToken[t]! > 0) ranked.push(t);
      ranked.sort((x, y) => perToken[y]! - perToken[x]! || x - y);
      return ranked.slice(0, limit).map((t) => ({ start: f.tokens[t]!.start, end: f.tokens[t]!.end, weight: perToken[t]! }));
    },
  };
}
