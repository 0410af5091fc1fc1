import { EMOTIONS } from '../../src/core/schema/index.ts';
import { GOEMOTIONS_TO_PRODUCT } from '../../src/core/models/product-mapping.ts';
import type { LinearModel } from '../../src/core/models/linear.ts';
import type { EmotionModel } from '../../src/core/models/types.ts';
import { readGoEmotions, type GoEmotionsSet, type Grouping } from '../train/goemotions.ts';
import { multiLabelF1 } from '../../src/core/training/metrics.ts';

/** Which model head answers each GoEmotions grouping. */
export const HEAD_FOR: Record<Grouping, string> = { original: 'goemotions', ekman: 'ekman', group: 'group' };

export interface GroupingFigures {
  macroF1: number;
  perLabel: Record<string, number>;
  support: Record<string, number>;
  count: number;
}

export interface EmotionFigures {
  original: GroupingFigures;
  ekman: GroupingFigures;
  group: GroupingFigures;
  /** Through the product labels (gold mapped from the 28 labels the same way as predictions). */
  product: GroupingFigures;
  /** Sentiment grouping over positive/negative/neutral only (peers cannot say "ambiguous"). */
  group3: GroupingFigures;
  /** Texts per second for the sentiment head alone, and for all emotion heads plus product mapping. */
  throughput: { group: number; all: number };
  skipped: string[];
}

/** Headline keys recorded in artefact headers and guarded by the regression check. */
export const headline = (f: EmotionFigures): Record<string, number> => ({
  'goemotions.original.macroF1': round(f.original.macroF1),
  'goemotions.ekman.macroF1': round(f.ekman.macroF1),
  'goemotions.group.macroF1': round(f.group.macroF1),
  'goemotions.product.macroF1': round(f.product.macroF1),
});

export const round = (x: number) => Math.round(x * 10000) / 10000;

export function scoreHead(model: LinearModel, set: GoEmotionsSet, head: string, labels = set.labels): GroupingFigures {
  const predicted = set.texts.map((text) => {
    const scores = model.predictHead(text, head);
    return Uint8Array.from(labels, (label) => (scores.find((s) => s.label === label)?.fired ? 1 : 0));
  });
  const keep = labels.map((l) => set.labels.indexOf(l));
  const gold = set.targets.map((row) => Uint8Array.from(keep, (i) => row[i]!));
  return { ...multiLabelF1(predicted, gold, labels), count: set.texts.length };
}

/** Product labels the GoEmotions mapping can produce (impatience has no source). */
export const MAPPED_PRODUCT_LABELS = EMOTIONS.filter((e) => GOEMOTIONS_TO_PRODUCT[e].length > 0);

function scoreProduct(model: EmotionModel, set: GoEmotionsSet): GroupingFigures {
  const labels = MAPPED_PRODUCT_LABELS;
  const gold = set.targets.map((row) =>
    Uint8Array.from(labels, (e) => (GOEMOTIONS_TO_PRODUCT[e].some((g) => row[set.labels.indexOf(g)]) ? 1 : 0)),
  );
  const predicted = set.texts.map((text) => {
    const fired = new Set(
      model
        .predictEmotions(text)
        .filter((p) => p.fired)
        .map((p) => p.label),
    );
    return Uint8Array.from(labels, (e) => (fired.has(e) ? 1 : 0));
  });
  return { ...multiLabelF1(predicted, gold, [...labels]), count: set.texts.length };
}

/** Texts per second of `fn` over the texts (the model caches only the last text, so each call is fresh). */
export function throughput(texts: string[], fn: (text: string) => unknown): number {
  for (let i = 0; i < Math.min(200, texts.length); i++) fn(texts[i]!);
  const started = performance.now();
  for (const text of texts) fn(text);
  const ms = performance.now() - started;
  return ms > 0 ? Math.round((texts.length / ms) * 1000) : 0;
}

/** GoEmotions figures of a model on one split, or an error naming the missing file. */
export async function goEmotionsFigures(
  linear: LinearModel,
  emotion: EmotionModel,
  dir: string,
  split: string,
): Promise<EmotionFigures | { error: string }> {
  const sets = await Promise.all((['original', 'ekman', 'group'] as const).map((g) => readGoEmotions(dir, g, split)));
  const [original, ekman, group] = sets;
  for (const s of sets) if ('error' in s!) return { error: s.error };
  const o = original as GoEmotionsSet,
    e = ekman as GoEmotionsSet,
    g = group as GoEmotionsSet;
  return {
    original: scoreHead(linear, o, HEAD_FOR.original),
    ekman: scoreHead(linear, e, HEAD_FOR.ekman),
    group: scoreHead(linear, g, HEAD_FOR.group),
    group3: scoreHead(linear, g, HEAD_FOR.group, ['negative', 'neutral', 'positive']),
    product: scoreProduct(emotion, o),
    throughput: {
      group: throughput(g.texts, (t) => linear.predictHead(t, HEAD_FOR.group)),
      all: throughput(o.texts, (t) => {
        emotion.predictEmotions(t);
        emotion.predictSentiment(t);
      }),
    },
    skipped: [...o.skipped, ...e.skipped, ...g.skipped],
  };
}
