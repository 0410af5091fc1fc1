import type { Evidence, Factor } from '../schema/index.ts';
import { spanEvidence } from '../analysis/evidence.ts';
import { clampScore, factor } from './factor.ts';
import type { TurnFindings } from './moments.ts';

function evidenceOf(f: TurnFindings, why: string): Evidence[] {
  const strongest = [...f.emotions].sort((a, b) => b.intensity - a.intensity)[0];
  if (strongest) return strongest.evidence.slice(0, 2);
  if (f.sentimentEvidence?.length) return f.sentimentEvidence.slice(0, 2);
  return [spanEvidence(f.turn, 0, Math.min(f.turn.text.length, 160), 'sentiment', why)];
}

/** How the customer's sentiment moved from their first turn to their last, -100..100. */
export function sentimentShift(findings: readonly TurnFindings[]) {
  const customers = findings.filter((f) => f.turn.role === 'customer');
  const first = customers[0];
  const last = customers.at(-1);
  if (!first || !last || first === last) {
    return { score: 0, factors: [factor('single-turn', 0, 'fewer than two customer turns: no shift to measure')] };
  }
  const factors: Factor[] = [
    factor(
      'start',
      -first.sentiment * 50,
      `the customer started at sentiment ${first.sentiment}`,
      evidenceOf(first, 'first customer turn'),
    ),
    factor(
      'end',
      last.sentiment * 50,
      `the customer ended at sentiment ${last.sentiment}`,
      evidenceOf(last, 'last customer turn'),
    ),
  ];
  return { score: clampScore((last.sentiment - first.sentiment) * 50, -100, 100), factors };
}
