import type { Behaviour } from '../schema/index.ts';
import { quotedWords, tokenEvidence } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

/** Token ranges of stock formulas in an agent turn; behaviours inside them earn nothing. */
export interface ScriptedSpans {
  behaviours: Behaviour[];
  ranges: { from: number; to: number; phrase: string }[];
}

/** Behaviours whose words inside a formula make it stock empathy ("sorry for the trouble"), not stock courtesy ("thanks for reaching out"). */
const EMPATHY_WORDS = new Set(['apology', 'acknowledgement', 'validation', 'reflection', 'de-escalation']);

/** Evidence detector of a stock empathy formula: a moment met only with one is met generically. */
export const STOCK_EMPATHY = 'lexicon:scripted';

/** Stock empathy formulas ("I understand your frustration", "sorry for any inconvenience"). */
export function detectScripted(turn: PreparedTurn): ScriptedSpans {
  const ranges: ScriptedSpans['ranges'] = [];
  for (const m of matchesOf(turn, 'scripted')) {
    if (ranges.some((r) => m.from >= r.from && m.to <= r.to)) continue;
    ranges.push({ from: m.from, to: m.to, phrase: m.entry.phrase });
  }
  const empathy = matchesOf(turn, 'behaviour').filter((m) => EMPATHY_WORDS.has(m.entry.label));
  const evidence = ranges.map((r) =>
    empathy.some((m) => m.from >= r.from && m.to <= r.to)
      ? tokenEvidence(
          turn,
          r.from,
          r.to,
          STOCK_EMPATHY,
          `stock empathy formula ${quotedWords(turn, r.from, r.to)}: says the words without the customer's situation`,
        )
      : tokenEvidence(
          turn,
          r.from,
          r.to,
          'lexicon:courtesy',
          `stock courtesy formula ${quotedWords(turn, r.from, r.to)}: said to everyone`,
        ),
  );
  const behaviours: Behaviour[] = evidence.length ? [{ kind: 'scripted', evidence }] : [];
  return { behaviours, ranges };
}

export function insideScripted(spans: ScriptedSpans, from: number, to: number): boolean {
  // a plain loop: reflection asks this for every token of every agent turn
  for (const r of spans.ranges) if (from < r.to && to > r.from) return true;
  return false;
}
