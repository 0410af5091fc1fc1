import type { Emotion, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { EmotionModel } from '../models/types.ts';
import type { PreparedTurn } from '../analysis/prepare.ts';
import type { Vocabulary } from '../text/vocabulary.ts';

const clamp = (x: number) => Math.max(-1, Math.min(1, x));

const byIdCache = new WeakMap<ReadonlyMap<string, number>, { vocabulary: Vocabulary; byId: (number | undefined)[] | null }>();

/** Valences indexed by vocabulary word id, or null when some valence word has no id (then the map is read per token). */
function valencesById(vocabulary: Vocabulary, valences: ReadonlyMap<string, number>): (number | undefined)[] | null {
  const cached = byIdCache.get(valences);
  if (cached?.vocabulary === vocabulary) return cached.byId;
  let byId: (number | undefined)[] | null = [];
  for (const [word, v] of valences) {
    const id = vocabulary.idOf(word);
    if (id < 0) {
      byId = null;
      break;
    }
    while (byId.length <= id) byId.push(undefined);
    byId[id] = v;
  }
  byIdCache.set(valences, { vocabulary, byId });
  return byId;
}

/**
 * Turn sentiment in -1..1: VADER-style word valences (negation flips, intensifiers scale, the same
 * normalisation), blended with the turn's emotions, sarcasm and, when present, the model's head.
 */
export function turnSentiment(
  turn: PreparedTurn,
  lexicon: CompiledLexicon,
  valences: ReadonlyMap<string, number>,
  emotions: readonly Emotion[],
  sarcasm: { evidence: Evidence[] } | null,
  model?: EmotionModel,
): number {
  const w = lexicon.data.weights.sentiment;
  let sum = 0;
  const byId = valencesById(lexicon.vocabulary, valences);
  for (let i = 0; i < turn.tokens.length; i++) {
    const t = turn.tokens[i]!;
    const id = turn.ids[i]!;
    const v = byId ? (id >= 0 ? byId[id] : undefined) : valences.get(t.norm);
    if (v === undefined) continue;
    const booster = i > 0 ? lexicon.boosters.get(turn.tokens[i - 1]!.norm) ?? 0 : 0;
    sum += v * (1 + booster) * (turn.negated[i] ? w.negationFlip : 1);
  }
  let score = sum / Math.sqrt(sum * sum + w.lexiconScale);
  let emotional = 0;
  for (const e of emotions) emotional += lexicon.positiveEmotions.has(e.label) ? e.intensity : -e.intensity;
  if (emotions.length) score = (score + w.emotionWeight * clamp(emotional)) / (1 + w.emotionWeight);
  if (sarcasm) score = Math.min(score, w.sarcasm);
  if (model) score = (1 - w.modelWeight) * score + w.modelWeight * model.predictSentiment(turn.text).value;
  return Math.round(clamp(score) * 100) / 100;
}
