import { spearman, weightedKappa } from '../core/training/metrics.ts';
import type { Agreement, CalibrationReport, Review } from '../api/index.ts';

/** Engine empathy (0-100) in the reviewers' 1-5 scale: 0-19 → 1, 20-39 → 2, ... 80-100 → 5. */
export function binScore(score: number): number {
  return Math.min(5, Math.floor(score / 20) + 1);
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

function agreement(pairs: Array<[number, number]>): Agreement {
  const a = pairs.map((p) => p[0]);
  const b = pairs.map((p) => p[1]);
  return { pairs: pairs.length, spearman: round(spearman(a, b)), weightedKappa: round(weightedKappa(a, b)) };
}

/** Agreement between reviewers (pairs of different reviewers on one conversation) and with the engine. */
export function calibrate(reviews: readonly Review[], limit = 20): CalibrationReport {
  const withEngine = reviews.filter((r): r is Review & { engineEmpathy: number } => r.engineEmpathy !== null);
  const byConversation = new Map<string, Review[]>();
  for (const review of reviews)
    byConversation.set(review.conversationId, [...(byConversation.get(review.conversationId) ?? []), review]);
  const reviewerPairs: Array<[number, number]> = [];
  for (const group of byConversation.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (group[i]!.reviewer !== group[j]!.reviewer) reviewerPairs.push([group[i]!.empathy, group[j]!.empathy]);
      }
    }
  }
  const disagreements = withEngine
    .map((r) => ({
      conversationId: r.conversationId,
      reviewer: r.reviewer,
      reviewerEmpathy: r.empathy,
      engineEmpathy: r.engineEmpathy,
      engineBinned: binScore(r.engineEmpathy),
      difference: Math.abs(r.empathy - binScore(r.engineEmpathy)),
      responded: r.responded,
      customerFeeling: r.customerFeeling,
      note: r.note,
    }))
    .filter((d) => d.difference > 0)
    .sort((x, y) => y.difference - x.difference || x.conversationId.localeCompare(y.conversationId))
    .slice(0, limit);
  return {
    reviews: reviews.length,
    reviewerVsEngine: agreement(withEngine.map((r) => [r.empathy, binScore(r.engineEmpathy)])),
    betweenReviewers: agreement(reviewerPairs),
    disagreements,
  };
}
