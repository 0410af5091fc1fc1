import type { Evidence, Factor } from '../schema/index.ts';

/** Pieces of evidence a factor keeps. */
const FACTOR_EVIDENCE = 6;

export const factor = (name: string, contribution: number, why: string, evidence: Evidence[] = []): Factor => ({
  factor: name,
  contribution: Math.round(contribution * 10) / 10,
  why,
  evidence: evidence.slice(0, FACTOR_EVIDENCE),
});

/** The evidence of behaviours or emotions, only as much as a factor keeps (a long conversation can hold hundreds). */
export function factorEvidence(behaviours: readonly { evidence: readonly Evidence[] }[]): Evidence[] {
  const kept: Evidence[] = [];
  for (const b of behaviours) {
    for (const e of b.evidence) {
      if (kept.length === FACTOR_EVIDENCE) return kept;
      kept.push(e);
    }
  }
  return kept;
}

export const clampScore = (x: number, lo = 0, hi = 100) => Math.round(Math.max(lo, Math.min(hi, x)));

export const total = (factors: readonly Factor[]) => factors.reduce((sum, f) => sum + f.contribution, 0);
