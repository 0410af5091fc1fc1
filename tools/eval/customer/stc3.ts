import type { Engine } from '../../../src/core/engine.ts';
import { analyzeConversation } from '../../../src/core/analyze.ts';
import { spearman } from '../../../src/core/training/metrics.ts';
import { afinnScorer, vaderCompound } from '../peers.ts';
import { readData, stc3Items } from './read.ts';

export const STC3_FILE = 'stc3/dialogues_en.json';
const HELPED = new Set(['action', 'ownership', 'expectation']);

export interface Stc3Figures {
  dialogues: number;
  overall: number | null;
  /** Among dialogues where the engine found a moment (empathy not null). */
  empathyWithMoment: number | null;
  withMoment: number;
  lastCustomerTurn: number | null;
  vaderLastCustomerTurn: number | null;
  afinnLastCustomerTurn: number | null;
  sentimentShift: number | null;
  /** The peers' shift: last customer turn minus first, by each peer's own sentiment. */
  vaderShift: number | null;
  afinnShift: number | null;
  /** Helpdesk turns most annotators marked a solution nugget (HNUG*) vs the engine's help behaviours. */
  solution: { turns: number; precision: number; recall: number };
}

/** STC-3 helpdesk dialogues: the engine's scores against 19 raters' customer satisfaction (Spearman). */
export function stc3Figures(dir: string, engine: Engine): Stc3Figures | { error: string } {
  const file = readData(dir, STC3_FILE);
  if (!file.ok) return { error: file.error };
  const items = stc3Items(file.text);
  const sat: number[] = [],
    overall: number[] = [],
    last: number[] = [],
    vader: number[] = [],
    shift: number[] = [];
  const afinn: number[] = [],
    vaderShift: number[] = [],
    afinnShift: number[] = [];
  const afinnOf = afinnScorer();
  const empSat: number[] = [],
    emp: number[] = [];
  let tp = 0,
    fp = 0,
    fn = 0,
    solutionTurns = 0;
  for (const item of items) {
    const analysis = analyzeConversation(item.conversation, engine);
    if (!('turns' in analysis)) continue;
    sat.push(item.satisfaction);
    overall.push(analysis.scores.overall);
    shift.push(analysis.scores.sentimentShift);
    const lastCustomer = [...analysis.turns].reverse().find((t) => t.role === 'customer');
    last.push(lastCustomer?.sentiment ?? 0);
    const firstCustomer = analysis.turns.find((t) => t.role === 'customer');
    const textOf = (t: typeof lastCustomer) => (t ? item.conversation.turns[t.index]!.text : '');
    const [vLast, vFirst, aLast, aFirst] = lastCustomer
      ? [
          vaderCompound(textOf(lastCustomer)),
          vaderCompound(textOf(firstCustomer)),
          afinnOf(textOf(lastCustomer)),
          afinnOf(textOf(firstCustomer)),
        ]
      : [0, 0, 0, 0];
    vader.push(vLast);
    afinn.push(aLast);
    vaderShift.push(vLast - vFirst);
    afinnShift.push(aLast - aFirst);
    if (analysis.scores.empathy !== null) {
      emp.push(analysis.scores.empathy);
      empSat.push(item.satisfaction);
    }
    analysis.turns.forEach((t, k) => {
      if (t.role !== 'agent') return;
      const votes = item.nuggets.filter((n) => n[k] === 'HNUG*').length;
      const gold = votes * 2 > item.nuggets.length;
      const predicted = t.behaviours.some((b) => HELPED.has(b.kind));
      if (gold) solutionTurns++;
      if (gold && predicted) tp++;
      else if (predicted) fp++;
      else if (gold) fn++;
    });
  }
  return {
    dialogues: sat.length,
    overall: spearman(overall, sat),
    empathyWithMoment: spearman(emp, empSat),
    withMoment: emp.length,
    lastCustomerTurn: spearman(last, sat),
    vaderLastCustomerTurn: spearman(vader, sat),
    afinnLastCustomerTurn: spearman(afinn, sat),
    sentimentShift: spearman(shift, sat),
    vaderShift: spearman(vaderShift, sat),
    afinnShift: spearman(afinnShift, sat),
    solution: { turns: solutionTurns, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) },
  };
}
