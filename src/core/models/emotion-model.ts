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

/** The sentiment head's labels that sentiment is read from. */
const SENTIMENT_LABELS = ['positive', 'negative'];

/**
 * The columns the engine reads (sentiment's positive and negative, then product emotion
 * sources): prioritise them at load, so the engine's pass sums only these.
 */
export function emotionModelColumns(heads: readonly Head[]): [string, string][] {
  const sentiment = heads.some((h) => h.name === HEADS.sentiment) ? SENTIMENT_LABELS : [];
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
 * far more often than its drivers); later reads return the same array. A class with a getter:
 * defining an accessor on each fresh object is several times slower than the whole model pass.
 */
class LazyDrivers {
  #drivers: Driver[] | null = null;
  readonly #model: LinearModel;
  readonly #text: string;
  readonly #column: number;
  constructor(model: LinearModel, text: string, column: number) {
    this.#model = model;
    this.#text = text;
    this.#column = column;
  }

  get drivers(): Driver[] {
    return (this.#drivers ??= this.#model.drivers(this.#text, this.#column));
  }
}

class LazyEmotion extends LazyDrivers implements EmotionPrediction {
  constructor(readonly label: EmotionLabel, readonly probability: number, readonly fired: boolean, model: LinearModel, text: string, column: number) {
    super(model, text, column);
  }
}

class LazySentiment extends LazyDrivers {
  constructor(readonly value: number, model: LinearModel, text: string, column: number) {
    super(model, text, column);
  }
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
      out.push(on ? new LazyEmotion(label, probability[best]!, true, model, text, best) : { label, probability: probability[best]!, fired: false, drivers: [] });
    }
    return out;
  };

  const predictSentiment = (text: string): { value: number; drivers: Driver[] } => {
    if (positive >= 0 && negative >= 0) {
      const { probability } = model.score(text, fast);
      const value = Math.max(-1, Math.min(1, probability[positive]! - probability[negative]!));
      return Math.abs(value) >= 0.1 ? new LazySentiment(value, model, text, value >= 0 ? positive : negative) : { value, drivers: [] };
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
