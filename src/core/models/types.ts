import type { EmotionLabel } from '../schema/index.ts';

/** A character span of the input that pushed a model's decision, with its weight. */
export interface Driver {
  start: number;
  end: number;
  weight: number;
}

export interface EmotionPrediction {
  label: EmotionLabel;
  /** Calibrated probability that the label applies. */
  probability: number;
  /** Whether the probability passed the label's tuned threshold. */
  fired: boolean;
  drivers: Driver[];
}

/**
 * A learned classifier the engine can consult for customer emotions and sentiment.
 * Pure inference over an already-loaded artefact: loading files is the caller's job.
 */
export interface EmotionModel {
  /** Identifier recorded in every analysis, e.g. "goemotions-linear@1". */
  id: string;
  predictEmotions(text: string): EmotionPrediction[];
  /** Sentiment in -1..1 from the model's sentiment head, with its drivers. */
  predictSentiment(text: string): { value: number; drivers: Driver[] };
}
