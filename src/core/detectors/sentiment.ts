import type { Cue, Emotion, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { EmotionModel } from '../models/types.ts';
import type { PreparedTurn } from '../analysis/prepare.ts';

const clamp = (x: number) => Math.max(-1, Math.min(1, x));

/**
 * Turn sentiment in -1..1: VADER-style word valences (negation flips, intensifiers scale, the same
 * normalisation), blended with the turn's emotions, its cues (waiting, chasing, threats read as
 * negative), sarcasm and, when present, the model's head. A turn that shows a problem caps what the
 * model may add: its warmth for "thanks" and "please" is courtesy there, not satisfaction.
 */
export function turnSentiment(
  turn: PreparedTurn,
  lexicon: CompiledLexicon,
  /** Valences by vocabulary word id (`Engine.valences`). */
  valences: readonly (number | undefined)[],
  emotions: readonly Emotion[],
  sarcasm: { evidence: Evidence[] } | null,
  model?: EmotionModel,
  cues: readonly Cue[] = [],
): number {
  const w = lexicon.data.weights.sentiment;
  let sum = 0;
  for (let i = 0; i < turn.tokens.length; i++) {
    const id = turn.ids[i]!;
    const v = id >= 0 ? valences[id] : undefined;
    if (v === undefined) continue;
    const booster = i > 0 ? (lexicon.boosters.get(turn.tokens[i - 1]!.norm) ?? 0) : 0;
    sum += v * (1 + booster) * (turn.negated[i] ? w.negationFlip : 1);
  }
  let score = sum / Math.sqrt(sum * sum + w.lexiconScale);
  let emotional = 0;
  let problem = false;
  for (const e of emotions) {
    const positive = lexicon.positiveEmotions.has(e.label);
    emotional += positive ? e.intensity : -e.intensity;
    // the same bar as the politeness check (earnedOnly): a passing mention of a feeling is no problem
    problem ||= !positive && e.intensity >= lexicon.data.thresholds.momentEmotion;
  }
  let felt = emotions.length;
  for (const c of cues) {
    const v = w.cueValence?.[c.kind];
    if (v === undefined) continue;
    emotional += v;
    problem ||= v < 0;
    felt++;
  }
  if (felt) score = (score + w.emotionWeight * clamp(emotional)) / (1 + w.emotionWeight);
  if (sarcasm) score = Math.min(score, w.sarcasm);
  if (model) {
    const read = model.predictSentiment(turn.modelText).value;
    const ceiling = problem || sarcasm ? (w.problemModelCeiling ?? 1) : 1;
    score = (1 - w.modelWeight) * score + w.modelWeight * Math.min(read, ceiling);
  }
  return Math.round(clamp(score) * 100) / 100;
}
