import { z } from 'zod';

/** What every shipped or user-trained model records about itself. */
export const ArtefactHeader = z.object({
  name: z.string(),
  version: z.number().int(),
  /** Which data trained it, e.g. "GoEmotions train (90% slice), 39,069 texts". */
  data: z.string(),
  license: z.string(),
  seed: z.number().int(),
  /** Git commit or package version of the code that trained it. */
  codeVersion: z.string(),
  trainedAt: z.string(),
  /** Headline figures on the dev split, measured at training time (regression baseline). */
  devFigures: z.record(z.string(), z.number()),
  notes: z.string().optional(),
});
export type ArtefactHeader = z.infer<typeof ArtefactHeader>;

export const FeaturizerParamsSchema = z.object({
  log2Buckets: z.number().int().min(8).max(24),
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(0).max(8),
  negators: z.array(z.string()),
  negationScope: z.number().int().min(0).max(10),
});

/** One classifier head: a set of labels sharing the features, each with Platt calibration and a tuned threshold. */
export const Head = z.object({
  name: z.string(),
  labels: z.array(z.string()).min(1),
  bias: z.array(z.number()),
  /** Per-label factor turning int8 weights back into floats. */
  scale: z.array(z.number()),
  /** Platt calibration [a, b]: probability = sigmoid(a * logit + b). */
  calibration: z.array(z.tuple([z.number(), z.number()])),
  /** Calibrated probability at or above which the label fires. */
  thresholds: z.array(z.number()),
  /** When no label passes its threshold, fire the one nearest its threshold (the data always has a label). */
  atLeastOne: z.boolean(),
}).refine((h) => [h.bias, h.scale, h.calibration, h.thresholds].every((a) => a.length === h.labels.length), {
  message: 'bias, scale, calibration and thresholds must have one entry per label',
});
export type Head = z.infer<typeof Head>;

/** A linear multi-head model over hashed features; weights are int8, row-major by bucket, base64. */
export const LinearArtefact = z.object({
  format: z.literal('attune-linear'),
  header: ArtefactHeader,
  featurizer: FeaturizerParamsSchema,
  heads: z.array(Head).min(1),
  weights: z.object({ encoding: z.literal('int8-base64'), data: z.string() }),
});
export type LinearArtefact = z.infer<typeof LinearArtefact>;

/** Number of weight columns: every label of every head, in head order. */
export const columnCount = (heads: Head[]) => heads.reduce((n, h) => n + h.labels.length, 0);
