import { EMOTIONS, type EmotionLabel } from '../schema/index.ts';
import type { Head } from './artefact.ts';
import type { LinearModel } from './linear.ts';
import { GOEMOTIONS_TO_PRODUCT, PRODUCT_POLARITY } from './product-mapping.ts';
import type { Driver, EmotionModel, EmotionPrediction } from './types.ts';

/** Head names the adapter looks for in an artefact. */
export const HEADS = { goemotions: 'goemotions', sentiment: 'group', custom: 'labels' } as const;

/** For each product label, the [head, label] pairs it is read from (absent ones included). */
function sourceLabels(heads: readonly Head[], emotion: EmotionLabel): [string, string][] {
  return heads.flatMap((head) =>
    (head.name === HEADS.goemotions ? GOEMOTIONS_TO_PRODUCT[emotion] : [emotion]).map((label): [string, string] => [head.name, label]));
}

/**
 * The columns the engine reads (the sentiment head, then product emotion sources): prioritise
 * them at load. An artefact storing them first, in this order, loads without reordering.
 */
export function emotionModelColumns(heads: readonly Head[]): [string, string][] {
  const sentiment = heads.find((h) => h.name === HEADS.sentiment)?.labels ?? [];
  return [...sentiment.map((l): [string, string] => [HEADS.sentiment, l]), ...EMOTIONS.flatMap((e) => sourceLabels(heads, e))];
}

function productSources(model: LinearModel): [EmotionLabel, number[]][] {
  const out: [EmotionLabel, number[]][] = [];
  for (const emotion of EMOTIONS) {
    const columns = sourceLabels(model.artefact.heads, emotion).map(([h, l]) => model.column(h, l)).filter((c) => c >= 0);
    if (columns.length) out.push([emotion, columns]);
  }
  return out;
}

/**
 * A prediction whose drivers are computed on first read (the engine reads a sentiment's value
 * far more often than its drivers); later reads return the same array.
 */
function withLazyDrivers<T extends object>(base: T, model: LinearModel, text: string, column: number): T & { drivers: Driver[] } {
  let drivers: Driver[] | null = null;
  return Object.defineProperty(base, 'drivers', { enumerable: true, get: () => (drivers ??= model.drivers(text, column)) }) as T & { drivers: Driver[] };
}

/**
 * The engine's view of a linear artefact: product emotions (via the GoEmotions mapping, or
 * directly when a head is trained on product labels) and sentiment from the group head
 * (positive minus negative probability). Labels the model cannot speak to (e.g. impatience
 * for GoEmotions) are not returned. Build the LinearModel with `emotionModelColumns` prioritised
 * for the fast path.
 */
export function createEmotionModel(model: LinearModel): EmotionModel {
  const sources = productSources(model);
  const positive = model.column(HEADS.sentiment, 'positive');
  const negative = model.column(HEADS.sentiment, 'negative');
  const header = model.artefact.header;
  // when the model was built with emotionModelColumns prioritised, only those columns are scored
  const used = [...sources.flatMap(([, c]) => c), positive, negative].filter((c) => c >= 0);
  const fast = used.every((c) => c < model.prioritised);

  const predictEmotions = (text: string): EmotionPrediction[] => {
    // the threshold alone decides: forcing some label to fire suits GoEmotions scoring, not customers
    const { probability, passed: fired } = model.score(text, fast);
    const out: EmotionPrediction[] = [];
    for (const [label, columns] of sources) {
      let best = columns[0]!;
      let on = false;
      for (const c of columns) {
        on ||= fired[c] === 1;
        if (probability[c]! > probability[best]!) best = c;
      }
      const prediction = { label, probability: probability[best]!, fired: on };
      out.push(on ? withLazyDrivers(prediction, model, text, best) : { ...prediction, drivers: [] });
    }
    return out;
  };

  const predictSentiment = (text: string): { value: number; drivers: Driver[] } => {
    if (positive >= 0 && negative >= 0) {
      const { probability } = model.score(text, fast);
      const value = Math.max(-1, Math.min(1, probability[positive]! - probability[negative]!));
      return Math.abs(value) >= 0.1 ? withLazyDrivers({ value }, model, text, value >= 0 ? positive : negative) : { value, drivers: [] };
    }
    let value = 0;
    let drivers: Driver[] = [];
    for (const e of predictEmotions(text)) {
      const signed = PRODUCT_POLARITY[e.label] * e.probability;
      if (Math.abs(signed) > Math.abs(value)) { value = signed; drivers = e.drivers; }
    }
    return { value, drivers };
  };

  return { id: `${header.name}@${header.version}`, predictEmotions, predictSentiment };
}
