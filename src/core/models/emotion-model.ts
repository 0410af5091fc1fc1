import { EMOTIONS, type EmotionLabel } from '../schema/index.ts';
import type { LabelScore, LinearModel } from './linear.ts';
import { GOEMOTIONS_TO_PRODUCT, PRODUCT_POLARITY } from './product-mapping.ts';
import type { Driver, EmotionModel, EmotionPrediction } from './types.ts';

/** Head names the adapter looks for in an artefact. */
export const HEADS = { goemotions: 'goemotions', sentiment: 'group', custom: 'labels' } as const;

interface Source { head: string; label: string }

/** For each product label the model can speak to, the head labels it is read from. */
function productSources(model: LinearModel): Map<EmotionLabel, Source[]> {
  const sources = new Map<EmotionLabel, Source[]>();
  for (const head of model.artefact.heads) {
    const known = new Set(head.labels);
    for (const emotion of EMOTIONS) {
      const fromHead = head.name === HEADS.goemotions
        ? GOEMOTIONS_TO_PRODUCT[emotion].filter((l) => known.has(l))
        : known.has(emotion) ? [emotion] : [];
      if (fromHead.length) sources.set(emotion, [...(sources.get(emotion) ?? []), ...fromHead.map((label) => ({ head: head.name, label }))]);
    }
  }
  return sources;
}

/**
 * The engine's view of a linear artefact: product emotions (via the GoEmotions mapping, or
 * directly when a head is trained on product labels) and sentiment from the group head.
 * Labels the model cannot speak to (e.g. impatience for GoEmotions) are simply not returned.
 */
export function createEmotionModel(model: LinearModel): EmotionModel {
  const sources = productSources(model);
  const heads = [...new Set([...sources.values()].flat().map((s) => s.head))];
  const sentimentHead = model.artefact.heads.find((h) => h.name === HEADS.sentiment && h.labels.includes('positive') && h.labels.includes('negative'));
  const header = model.artefact.header;

  const predictEmotions = (text: string): EmotionPrediction[] => {
    const scores = new Map<string, Map<string, LabelScore>>();
    for (const head of heads) scores.set(head, new Map(model.predictHead(text, head).map((s) => [s.label, s])));
    const out: EmotionPrediction[] = [];
    for (const [label, from] of sources) {
      let best: { source: Source; score: LabelScore } | null = null;
      let fired = false;
      for (const source of from) {
        const score = scores.get(source.head)!.get(source.label)!;
        fired ||= score.fired;
        if (!best || score.probability > best.score.probability) best = { source, score };
      }
      const drivers = fired && best ? model.drivers(text, best.source.head, best.source.label) : [];
      out.push({ label, probability: best?.score.probability ?? 0, fired, drivers });
    }
    return out;
  };

  const predictSentiment = (text: string): { value: number; drivers: Driver[] } => {
    if (sentimentHead) {
      const scores = model.predictHead(text, sentimentHead.name);
      const p = (label: string) => scores.find((s) => s.label === label)?.probability ?? 0;
      const value = Math.max(-1, Math.min(1, p('positive') - p('negative')));
      const side = value >= 0 ? 'positive' : 'negative';
      return { value, drivers: Math.abs(value) >= 0.1 ? model.drivers(text, sentimentHead.name, side) : [] };
    }
    let value = 0;
    let drivers: Driver[] = [];
    let strongest = 0;
    for (const e of predictEmotions(text)) {
      const signed = PRODUCT_POLARITY[e.label] * e.probability;
      if (Math.abs(signed) > strongest) { strongest = Math.abs(signed); value = signed; drivers = e.drivers; }
    }
    return { value, drivers };
  };

  return { id: `${header.name}@${header.version}`, predictEmotions, predictSentiment };
}
