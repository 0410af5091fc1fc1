import type { Evidence, Factor } from '../schema/index.ts';

export const factor = (name: string, contribution: number, why: string, evidence: Evidence[] = []): Factor => ({
  factor: name,
  contribution: Math.round(contribution * 10) / 10,
  why,
  evidence: evidence.slice(0, 6),
});

export const clampScore = (x: number, lo = 0, hi = 100) => Math.round(Math.max(lo, Math.min(hi, x)));

export const total = (factors: readonly Factor[]) => factors.reduce((sum, f) => sum + f.contribution, 0);
