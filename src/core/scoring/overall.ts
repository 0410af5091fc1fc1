import type { CompiledLexicon } from '../lexicon/compile.ts';
import { clampScore, factor } from './factor.ts';

/** The combined score: a weighted mean of heard, helped and how the customer's mood moved. */
export function overallScore(empathy: number, compassion: number, shift: number, lexicon: CompiledLexicon) {
  const w = lexicon.data.weights.overall;
  const sum = w.empathy + w.compassion + w.sentimentShift;
  const shiftAs100 = 50 + shift / 2;
  const factors = [
    factor('empathy', (w.empathy * empathy) / sum, `empathy ${empathy} × weight ${w.empathy}`),
    factor('compassion', (w.compassion * compassion) / sum, `compassion ${compassion} × weight ${w.compassion}`),
    factor('sentimentShift', (w.sentimentShift * shiftAs100) / sum, `sentiment shift ${shift} (as ${shiftAs100} of 100) × weight ${w.sentimentShift}`),
  ];
  return { score: clampScore((w.empathy * empathy + w.compassion * compassion + w.sentimentShift * shiftAs100) / sum), factors };
}
