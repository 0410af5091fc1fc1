import { z } from 'zod';

export const RESPONDED = ['yes', 'partly', 'no'] as const;

export const ReviewInput = z.object({
  conversationId: z.string().min(1),
  reviewer: z.string().min(1),
  empathy: z.number().int().min(1).max(5),
  customerFeeling: z.string().default(''),
  responded: z.enum(RESPONDED),
  note: z.string().default(''),
});
export type ReviewInput = z.input<typeof ReviewInput>;

export const Review = z.object({
  id: z.string(),
  conversationId: z.string(),
  reviewer: z.string(),
  empathy: z.number().int().min(1).max(5),
  customerFeeling: z.string(),
  responded: z.enum(RESPONDED),
  note: z.string(),
  createdAt: z.string(),
  /** The engine's empathy score (0-100) for the conversation; null when not stored or skipped. */
  engineEmpathy: z.number().nullable(),
});
export type Review = z.infer<typeof Review>;

export const ReviewFilter = z.object({ conversationId: z.string().optional() });
export type ReviewFilter = z.infer<typeof ReviewFilter>;

export const Agreement = z.object({
  pairs: z.number().int(),
  spearman: z.number().nullable(),
  weightedKappa: z.number().nullable(),
});
export type Agreement = z.infer<typeof Agreement>;

export const Disagreement = z.object({
  conversationId: z.string(),
  reviewer: z.string(),
  reviewerEmpathy: z.number(),
  engineEmpathy: z.number(),
  engineBinned: z.number(),
  difference: z.number(),
  responded: z.enum(RESPONDED),
  customerFeeling: z.string(),
  note: z.string(),
});
export type Disagreement = z.infer<typeof Disagreement>;

export const CalibrationReport = z.object({
  reviews: z.number().int(),
  reviewerVsEngine: Agreement,
  betweenReviewers: Agreement,
  disagreements: z.array(Disagreement),
});
export type CalibrationReport = z.infer<typeof CalibrationReport>;
