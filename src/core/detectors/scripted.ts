import type { Behaviour } from '../schema/index.ts';
import { tokenEvidence } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

/** Token ranges of stock formulas in an agent turn; behaviours inside them earn nothing. */
export interface ScriptedSpans {
  behaviours: Behaviour[];
  ranges: { from: number; to: number; phrase: string }[];
}

/** Stock empathy formulas ("I understand your frustration", "sorry for any inconvenience"). */
export function detectScripted(turn: PreparedTurn): ScriptedSpans {
  const ranges: ScriptedSpans['ranges'] = [];
  for (const m of matchesOf(turn, 'scripted')) {
    if (ranges.some((r) => m.from >= r.from && m.to <= r.to)) continue;
    ranges.push({ from: m.from, to: m.to, phrase: m.entry.phrase });
  }
  const evidence = ranges.map((r) =>
    tokenEvidence(turn, r.from, r.to, 'lexicon:scripted', `stock formula "${r.phrase}": says the words without the customer's situation`));
  const behaviours: Behaviour[] = evidence.length ? [{ kind: 'scripted', evidence }] : [];
  return { behaviours, ranges };
}

export function insideScripted(spans: ScriptedSpans, from: number, to: number): boolean {
  // a plain loop: reflection asks this for every token of every agent turn
  for (const r of spans.ranges) if (from < r.to && to > r.from) return true;
  return false;
}
