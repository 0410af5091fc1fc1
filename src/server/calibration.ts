import { spearman } from '../core/training/metrics.ts';
import type { Review } from '../store/store.ts';

/** Engine empathy (0-100) in the reviewers' 1-5 scale: 0-19 → 1, 20-39 → 2, ... 80-100 → 5. */
export function binScore(score: number): number {
  return Math.min(5, Math.floor(score / 20) + 1);
}

/** Cohen's kappa with quadratic weights over ratings 1..k; null when there is no expected disagreement. */
export function weightedKappa(a: readonly number[], b: readonly number[], k = 5): number | null {
  const n = a.length;
  if (n === 0 || n !== b.length) return null;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    observed[a[i]! - 1]![b[i]! - 1]!++;
    rowTotals[a[i]! - 1]!++;
    colTotals[b[i]! - 1]!++;
  }
  let weightedObserved = 0, weightedExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = (i - j) ** 2 / (k - 1) ** 2;
      weightedObserved += weight * observed[i]![j]!;
      weightedExpected += weight * (rowTotals[i]! * colTotals[j]!) / n;
    }
  }
  return weightedExpected === 0 ? null : 1 - weightedObserved / weightedExpected;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

export interface Agreement { pairs: number; spearman: number | null; weightedKappa: number | null }

function agreement(pairs: Array<[number, number]>): Agreement {
  const a = pairs.map((p) => p[0]);
  const b = pairs.map((p) => p[1]);
  return { pairs: pairs.length, spearman: round(spearman(a, b)), weightedKappa: round(weightedKappa(a, b)) };
}

export interface Disagreement {
  conversationId: string;
  reviewer: string;
  reviewerEmpathy: number;
  engineEmpathy: number;
  engineBinned: number;
  difference: number;
  responded: Review['responded'];
  customerFeeling: string;
  note: string;
}

export interface CalibrationReport {
  reviews: number;
  reviewerVsEngine: Agreement;
  betweenReviewers: Agreement;
  disagreements: Disagreement[];
}

/** Agreement between reviewers (pairs of different reviewers on one conversation) and with the engine. */
export function calibrate(reviews: readonly Review[], limit = 20): CalibrationReport {
  const withEngine = reviews.filter((r): r is Review & { engineEmpathy: number } => r.engineEmpathy !== null);
  const byConversation = new Map<string, Review[]>();
  for (const review of reviews) byConversation.set(review.conversationId, [...(byConversation.get(review.conversationId) ?? []), review]);
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
      conversationId: r.conversationId, reviewer: r.reviewer, reviewerEmpathy: r.empathy, engineEmpathy: r.engineEmpathy,
      engineBinned: binScore(r.engineEmpathy), difference: Math.abs(r.empathy - binScore(r.engineEmpathy)),
      responded: r.responded, customerFeeling: r.customerFeeling, note: r.note,
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
