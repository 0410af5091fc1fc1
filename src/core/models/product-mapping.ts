import type { EmotionLabel } from '../schema/index.ts';

/**
 * Product emotion labels from GoEmotions labels. A product label's probability is the highest
 * calibrated probability among its sources, and it fires when any source fires.
 *
 * - anger          ← anger, disgust
 * - frustration    ← annoyance, disapproval
 * - anxiety        ← nervousness, fear
 * - sadness        ← sadness, grief
 * - confusion      ← confusion
 * - disappointment ← disappointment
 * - impatience     ← (none: GoEmotions has no impatience label; rules detect it)
 * - gratitude      ← gratitude
 * - relief         ← relief
 * - satisfaction   ← joy, approval, admiration
 *
 * Annoyance goes to frustration only (not anger): in service conversations annoyance is the
 * everyday complaint, anger the rarer, stronger state.
 */
export const GOEMOTIONS_TO_PRODUCT: Record<EmotionLabel, readonly string[]> = {
  anger: ['anger', 'disgust'],
  frustration: ['annoyance', 'disapproval'],
  anxiety: ['nervousness', 'fear'],
  sadness: ['sadness', 'grief'],
  confusion: ['confusion'],
  disappointment: ['disappointment'],
  impatience: [],
  gratitude: ['gratitude'],
  relief: ['relief'],
  satisfaction: ['joy', 'approval', 'admiration'],
};

/** Sentiment sign of each product label, for models without a sentiment head. */
export const PRODUCT_POLARITY: Record<EmotionLabel, -1 | 1> = {
  anger: -1, frustration: -1, anxiety: -1, sadness: -1, confusion: -1, disappointment: -1,
  impatience: -1, gratitude: 1, relief: 1, satisfaction: 1,
};
